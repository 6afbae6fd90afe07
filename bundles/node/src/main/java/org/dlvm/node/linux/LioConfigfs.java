package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The LIO configfs operations of a leg's export, as the kernel lays them out (and targetcli /
 * rtslib drive them): an iblock backstore, one target per leg with TPG 1 and LUN 0, a portal, and
 * one ACL, that of the ihost the dlv is attached to. Removing that ACL drops the ihost's sessions:
 * it is how a stale ihost is fenced.
 *
 * <p>The executor runs the steps in order and skips those already done: MKDIR of an existing
 * directory, SYMLINK of an existing link, RMDIR/UNLINK of a missing one, a WRITE whose file
 * already reads back the value (a TPG's {@code enable} must be read first: older kernels answer
 * EINVAL to enabling it twice). The backstore's {@code control} is write-only, and once the
 * backstore is enabled the kernel answers EEXIST to it: there EEXIST means done. In a teardown
 * ({@link #unexportLeg}, {@link #removeAcl}) a WRITE to a missing file is skipped, its object
 * being gone already.
 *
 * @param root the configfs directory of the target core, normally {@value #DEFAULT_ROOT}
 */
public record LioConfigfs(String root) {
    public static final String DEFAULT_ROOT = "/sys/kernel/config/target";
    /** The HBA directory under core/ that holds DLVM's iblock backstores. */
    public static final String IBLOCK_HBA = "core/iblock_0";
    public static final String TPG = "tpgt_1";
    public static final String LUN = "lun_0";

    public LioConfigfs {
        if (root == null || !root.startsWith("/") || root.endsWith("/") || root.contains("//")) {
            throw new IllegalArgumentException("configfs root must be an absolute path without trailing '/': '" + root + "'");
        }
    }

    public static LioConfigfs atDefaultRoot() {
        return new LioConfigfs(DEFAULT_ROOT);
    }

    public String backstoreDir(String leg) {
        return root + "/" + IBLOCK_HBA + "/" + KernelNames.legBackstore(leg);
    }

    /** Where every iSCSI target is, DLVM's and others'. */
    public String targetsDir() {
        return root + "/iscsi";
    }

    public String targetDir(String leg) {
        return targetsDir() + "/" + KernelNames.legTargetIqn(leg);
    }

    public String tpgDir(String leg) {
        return targetDir(leg) + "/" + TPG;
    }

    /** Where the executor lists the ACLs a teardown must remove. */
    public String aclsDir(String leg) {
        return tpgDir(leg) + "/acls";
    }

    /** Where the executor lists the portals a teardown must remove. */
    public String portalsDir(String leg) {
        return tpgDir(leg) + "/np";
    }

    /**
     * Everything to serve {@code devicePath} (the leg's layer-2 linear) to one initiator.
     * CHAP is on when both {@code chapUser} and {@code chapPassword} are given, off when both
     * are null.
     */
    public List<ConfigfsStep> exportLeg(String leg, String devicePath, String portalIp, int portalPort,
            String initiatorIqn, String chapUser, String chapPassword) {
        String backstore = backstoreDir(leg);
        String tpg = tpgDir(leg);
        String portal = IscsiNames.portal(portalIp, portalPort);
        boolean chap = checkChap(chapUser, chapPassword);
        List<ConfigfsStep> steps = new ArrayList<>();
        steps.add(ConfigfsStep.mkdir(root + "/" + IBLOCK_HBA));
        steps.add(ConfigfsStep.mkdir(backstore));
        // udev_path must be set before enable: enable opens the device it names
        steps.add(ConfigfsStep.write(backstore + "/control", "udev_path=" + checkDevicePath(devicePath)));
        steps.add(ConfigfsStep.write(backstore + "/enable", "1"));
        // the first mkdir under iscsi/ is what registers the iSCSI fabric
        steps.add(ConfigfsStep.mkdir(root + "/iscsi"));
        steps.add(ConfigfsStep.mkdir(targetDir(leg)));
        steps.add(ConfigfsStep.mkdir(tpg));
        steps.add(ConfigfsStep.mkdir(tpg + "/lun/" + LUN));
        steps.add(ConfigfsStep.symlink(tpg + "/lun/" + LUN + "/" + KernelNames.legBackstore(leg), backstore));
        steps.add(ConfigfsStep.mkdir(tpg + "/np/" + portal));
        // authentication is read when the TPG is enabled, so it is set before
        steps.add(ConfigfsStep.write(tpg + "/attrib/authentication", chap ? "1" : "0"));
        steps.add(ConfigfsStep.write(tpg + "/attrib/generate_node_acls", "0"));
        steps.add(ConfigfsStep.write(tpg + "/attrib/demo_mode_write_protect", "0"));
        steps.addAll(addAcl(leg, initiatorIqn, chapUser, chapPassword));
        steps.add(ConfigfsStep.write(tpg + "/enable", "1"));
        return steps;
    }

    /**
     * The ACL of one initiator: its CHAP credentials and LUN 0 mapped to it. A mapped LUN is a
     * directory under the ACL holding a link to the TPG's LUN; the link's name is free.
     */
    public List<ConfigfsStep> addAcl(String leg, String initiatorIqn, String chapUser, String chapPassword) {
        String tpg = tpgDir(leg);
        String acl = tpg + "/acls/" + IscsiNames.checkName(initiatorIqn);
        boolean chap = checkChap(chapUser, chapPassword);
        List<ConfigfsStep> steps = new ArrayList<>();
        steps.add(ConfigfsStep.mkdir(acl));
        if (chap) {
            steps.add(ConfigfsStep.write(acl + "/auth/userid", chapUser));
            steps.add(ConfigfsStep.write(acl + "/auth/password", chapPassword));
        }
        steps.add(ConfigfsStep.mkdir(acl + "/" + LUN));
        steps.add(ConfigfsStep.symlink(acl + "/" + LUN + "/" + KernelNames.legBackstore(leg), tpg + "/lun/" + LUN));
        return steps;
    }

    /** Fencing: the kernel ends the initiator's sessions when its ACL goes. */
    public List<ConfigfsStep> removeAcl(String leg, String initiatorIqn) {
        String acl = tpgDir(leg) + "/acls/" + IscsiNames.checkName(initiatorIqn);
        return List.of(
                ConfigfsStep.unlink(acl + "/" + LUN + "/" + KernelNames.legBackstore(leg)),
                ConfigfsStep.rmdir(acl + "/" + LUN),
                ConfigfsStep.rmdir(acl));
    }

    /**
     * The export taken down in the reverse order of its making (configfs refuses to remove a
     * directory that still has children or links). {@code portals} are np directory names
     * ({@code <ip>:<port>}, IPv6 in brackets) and {@code initiatorIqns} the ACLs, as the executor
     * found them under {@link #portalsDir} and {@link #aclsDir}.
     */
    public List<ConfigfsStep> unexportLeg(String leg, Collection<String> portals, Collection<String> initiatorIqns) {
        String tpg = tpgDir(leg);
        List<ConfigfsStep> steps = new ArrayList<>();
        for (String initiator : initiatorIqns) {
            steps.addAll(removeAcl(leg, initiator));
        }
        steps.add(ConfigfsStep.write(tpg + "/enable", "0"));
        steps.add(ConfigfsStep.unlink(tpg + "/lun/" + LUN + "/" + KernelNames.legBackstore(leg)));
        steps.add(ConfigfsStep.rmdir(tpg + "/lun/" + LUN));
        for (String portal : portals) {
            if (!IscsiNames.isValidPortal(portal)) {
                throw new IllegalArgumentException("invalid portal directory name '" + portal + "'");
            }
            steps.add(ConfigfsStep.rmdir(tpg + "/np/" + portal));
        }
        steps.add(ConfigfsStep.rmdir(tpg));
        steps.add(ConfigfsStep.rmdir(targetDir(leg)));
        steps.add(ConfigfsStep.rmdir(backstoreDir(leg)));
        return steps;
    }

    private static boolean checkChap(String user, String password) {
        if (user == null && password == null) {
            return false;
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("CHAP needs both a user and a password, or neither");
        }
        checkChapValue("user", user);
        checkChapValue("password", password);
        return true;
    }

    /** Printable ASCII without blanks: the value goes into a configfs file and an iscsiadm argument. */
    static void checkChapValue(String what, String value) {
        if (value.isEmpty() || value.length() > 255 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("CHAP " + what + " must be 1 to 255 printable ASCII characters without blanks");
        }
    }

    /** LIO splits its control string at ',' and newlines, so neither may be in the path. */
    private static String checkDevicePath(String devicePath) {
        if (devicePath == null || !devicePath.startsWith("/") || !devicePath.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
            throw new IllegalArgumentException("invalid device path '" + devicePath + "' for a backstore");
        }
        return devicePath;
    }
}
