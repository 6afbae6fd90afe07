package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.dlvm.node.linux.KernelNamesTest.expectIllegal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

public class LioConfigfsTest {
    private static final String T = "/sys/kernel/config/target";
    private static final String TPG = T + "/iscsi/iqn.2026-11.org.dlvm:leg.leg-1/tpgt_1";
    private static final String INITIATOR = "iqn.1993-08.org.debian:01:ihost1";
    private static final String ACL = TPG + "/acls/" + INITIATOR;
    private final LioConfigfs lio = LioConfigfs.atDefaultRoot();

    @Test
    public void exportWithChap() {
        assertEquals(List.of(
                "mkdir " + T + "/core/iblock_0",
                "mkdir " + T + "/core/iblock_0/dlvm-leg-1",
                "write " + T + "/core/iblock_0/dlvm-leg-1/control = udev_path=/dev/mapper/dlvm-leg-1+l2",
                "write " + T + "/core/iblock_0/dlvm-leg-1/enable = 1",
                "mkdir " + T + "/iscsi",
                "mkdir " + T + "/iscsi/iqn.2026-11.org.dlvm:leg.leg-1",
                "mkdir " + TPG,
                "mkdir " + TPG + "/lun/lun_0",
                "symlink " + TPG + "/lun/lun_0/dlvm-leg-1 -> " + T + "/core/iblock_0/dlvm-leg-1",
                "mkdir " + TPG + "/np/10.77.0.11:3260",
                "write " + TPG + "/attrib/authentication = 1",
                "write " + TPG + "/attrib/generate_node_acls = 0",
                "write " + TPG + "/attrib/demo_mode_write_protect = 0",
                "mkdir " + ACL,
                "write " + ACL + "/auth/userid = dlvm-leg-1",
                "write " + ACL + "/auth/password = ********",
                "mkdir " + ACL + "/lun_0",
                "symlink " + ACL + "/lun_0/dlvm-leg-1 -> " + TPG + "/lun/lun_0",
                "write " + TPG + "/enable = 1"),
                shown(lio.exportLeg("leg-1", "/dev/mapper/dlvm-leg-1+l2", "10.77.0.11", 3260, INITIATOR, "dlvm-leg-1",
                        "s3cret-Pa55word")));
    }

    @Test
    public void theSecretIsInTheStepButNotInItsText() {
        ConfigfsStep password = lio.exportLeg("leg-1", "/dev/x", "10.77.0.11", 3260, INITIATOR, "u", "s3cret-Pa55word")
                .stream().filter(ConfigfsStep::isSecret).findFirst().orElseThrow();
        assertEquals(ConfigfsStep.write(ACL + "/auth/password", "s3cret-Pa55word"), password);
        assertFalse(password.toString().contains("s3cret"));
    }

    @Test
    public void exportWithoutChap() {
        List<String> steps = shown(lio.exportLeg("leg-1", "/dev/mapper/dlvm-leg-1+l2", "::1", 3260, INITIATOR, null, null));
        assertTrue(steps.contains("write " + TPG + "/attrib/authentication = 0"));
        assertTrue(steps.contains("mkdir " + TPG + "/np/[::1]:3260"));
        assertFalse(steps.stream().anyMatch(s -> s.contains("/auth/")));
        assertEquals("write " + TPG + "/enable = 1", steps.get(steps.size() - 1));
        assertEquals(17, steps.size());
    }

    @Test
    public void anotherRootMovesEveryPath() {
        LioConfigfs other = new LioConfigfs("/tmp/fake/target");
        assertTrue(other.exportLeg("leg-1", "/dev/x", "10.0.0.1", 3260, INITIATOR, null, null).stream()
                .allMatch(s -> s.path().startsWith("/tmp/fake/target/")));
        expectIllegal(() -> new LioConfigfs("relative"));
        expectIllegal(() -> new LioConfigfs("/sys/kernel/config/target/"));
        expectIllegal(() -> new LioConfigfs(null));
    }

    @Test
    public void fencingRemovesTheAclAndItsMappedLun() {
        assertEquals(List.of(
                "unlink " + ACL + "/lun_0/dlvm-leg-1",
                "rmdir " + ACL + "/lun_0",
                "rmdir " + ACL), shown(lio.removeAcl("leg-1", INITIATOR)));
    }

    @Test
    public void addingAnAclForAnotherIhost() {
        String acl = TPG + "/acls/iqn.2026-11.org.dlvm:ihost2";
        assertEquals(List.of(
                "mkdir " + acl,
                "mkdir " + acl + "/lun_0",
                "symlink " + acl + "/lun_0/dlvm-leg-1 -> " + TPG + "/lun/lun_0"),
                shown(lio.addAcl("leg-1", "iqn.2026-11.org.dlvm:ihost2", null, null)));
    }

    @Test
    public void unexportUndoesTheExportInReverse() {
        assertEquals(List.of(
                "unlink " + ACL + "/lun_0/dlvm-leg-1",
                "rmdir " + ACL + "/lun_0",
                "rmdir " + ACL,
                "write " + TPG + "/enable = 0",
                "unlink " + TPG + "/lun/lun_0/dlvm-leg-1",
                "rmdir " + TPG + "/lun/lun_0",
                "rmdir " + TPG + "/np/10.77.0.11:3260",
                "rmdir " + TPG,
                "rmdir " + T + "/iscsi/iqn.2026-11.org.dlvm:leg.leg-1",
                "rmdir " + T + "/core/iblock_0/dlvm-leg-1"),
                shown(lio.unexportLeg("leg-1", List.of("10.77.0.11:3260"), List.of(INITIATOR))));
    }

    @Test
    public void unexportWithNothingFoundStillRemovesTheTargetAndBackstore() {
        assertEquals(List.of(
                "write " + TPG + "/enable = 0",
                "unlink " + TPG + "/lun/lun_0/dlvm-leg-1",
                "rmdir " + TPG + "/lun/lun_0",
                "rmdir " + TPG,
                "rmdir " + T + "/iscsi/iqn.2026-11.org.dlvm:leg.leg-1",
                "rmdir " + T + "/core/iblock_0/dlvm-leg-1"),
                shown(lio.unexportLeg("leg-1", List.of(), List.of())));
    }

    @Test
    public void namesThatWouldEscapeTheirDirectoryAreRefused() {
        expectMessage("invalid iSCSI name", () -> lio.removeAcl("leg-1", "iqn.2026-11.org.dlvm:../../x"
                .replace(':', '/')));
        expectMessage("invalid iSCSI name", () -> lio.removeAcl("leg-1", "-iqn"));
        expectMessage("invalid leg id", () -> lio.removeAcl("../leg", INITIATOR));
        expectMessage("invalid portal directory name", () -> lio.unexportLeg("leg-1", List.of("../x"), List.of()));
        expectMessage("invalid portal address", () -> lio.exportLeg("leg-1", "/dev/x", "host.example", 3260, INITIATOR,
                null, null));
        expectMessage("invalid portal port", () -> lio.exportLeg("leg-1", "/dev/x", "10.0.0.1", 0, INITIATOR, null, null));
    }

    @Test
    public void theDeviceMustNotBreakLiosControlString() {
        expectMessage("invalid device path", () -> lio.exportLeg("leg-1", "/dev/x,readonly=1", "10.0.0.1", 3260, INITIATOR,
                null, null));
        expectMessage("invalid device path", () -> lio.exportLeg("leg-1", "/dev/x\n", "10.0.0.1", 3260, INITIATOR, null,
                null));
        expectMessage("invalid device path", () -> lio.exportLeg("leg-1", "dev/x", "10.0.0.1", 3260, INITIATOR, null,
                null));
    }

    @Test
    public void chapNeedsBothPartsWithoutBlanks() {
        expectMessage("both a user and a password", () -> lio.addAcl("leg-1", INITIATOR, "user", null));
        expectMessage("both a user and a password", () -> lio.addAcl("leg-1", INITIATOR, null, "pw"));
        expectMessage("CHAP password must be", () -> lio.addAcl("leg-1", INITIATOR, "user", "two words"));
        expectMessage("CHAP user must be", () -> lio.addAcl("leg-1", INITIATOR, "", "pw"));
        expectMessage("CHAP password must be", () -> lio.addAcl("leg-1", INITIATOR, "user", "x".repeat(256)));
    }

    @Test
    public void stepsCarryAValueOnlyWhereOneIsWritten() {
        expectIllegal(() -> new ConfigfsStep(ConfigfsStep.Kind.WRITE, "/a", null));
        expectIllegal(() -> new ConfigfsStep(ConfigfsStep.Kind.MKDIR, "/a", "x"));
        assertEquals("rmdir /a", ConfigfsStep.rmdir("/a").toString());
    }

    private static List<String> shown(List<ConfigfsStep> steps) {
        return steps.stream().map(ConfigfsStep::toString).collect(Collectors.toList());
    }
}
