package org.dlvm.node.linux;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dlvm.api.KernelPart;

/**
 * Every name DLVM gives a kernel object (LV, dm device, LIO backstore, iSCSI target), derived
 * from ids the API or the controller has already checked, so that no name from outside reaches
 * a command line, a table or a configfs path unvalidated.
 *
 * <p>The user's device is {@code dlvm-<dlv>}, so every name {@code dlvm-<any valid dlv name>}
 * may be some dlv's device. Every other dm name therefore carries a '+', which neither dlv
 * names nor leg ids may contain, right after its id: with '-' there, the device of a dlv named
 * {@code x-s0-pool} would be dlv {@code x}'s pool, and on an all-in-one node the device of a
 * dlv named {@code l1-<leg>} a dpv's linear. '+' is one of the characters libdevmapper and
 * udev leave unmangled.
 */
public final class KernelNames {
    public static final String PREFIX = KernelPart.PREFIX;
    public static final int MAX_DM_NAME_BYTES = KernelPart.MAX_DM_NAME_BYTES;
    public static final String TARGET_IQN_PREFIX = "iqn.2026-11.org.dlvm:leg.";
    public static final String MAPPER_DIR = "/dev/mapper/";

    public static final int MAX_STRIPE_MEMBERS = KernelPart.MAX_STRIPE_MEMBERS;
    public static final int MAX_MIRRORS_PER_GROUP = KernelPart.MAX_MIRRORS_PER_GROUP;
    public static final int MAX_LEGS_PER_MIRROR = KernelPart.MAX_LEGS_PER_MIRROR;

    private static final Pattern DLV_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$");
    private static final Pattern LEG_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern DLVM_NAME_REST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]*(\\+[a-z0-9-]+)?$");
    private static final char ROLE_SEPARATOR = '+';
    static final int SHORT_FORM_LENGTH = KernelPart.SHORT_FORM_LENGTH;
    static final int LONGEST_WHOLE_DLV_NAME = KernelPart.LONGEST_WHOLE_DLV_NAME;

    /** The two kinds of mirror group of a stripe member: thin metadata, and thin data. */
    public enum Group {
        META("meta"), DATA("data");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private KernelNames() {
    }

    public static boolean isValidDlvName(String dlv) {
        return dlv != null && DLV_NAME.matcher(dlv).matches();
    }

    public static boolean isValidLegId(String leg) {
        return leg != null && LEG_ID.matcher(leg).matches();
    }

    // ---- dpv side -------------------------------------------------------------------------

    /** The leg's LV; LVM names allow only [A-Za-z0-9+_.-], which leg ids respect. */
    public static String legVolume(String leg) {
        return PREFIX + checkLeg(leg);
    }

    /** Layer 1: the swap point, reloaded (suspend, load, resume) to copy the leg under a live target. */
    public static String legSwapLinear(String leg) {
        return PREFIX + checkLeg(leg) + ROLE_SEPARATOR + "l1";
    }

    /** Layer 2: what the LIO backstore holds open for as long as the leg is exported. */
    public static String legExportLinear(String leg) {
        return PREFIX + checkLeg(leg) + ROLE_SEPARATOR + "l2";
    }

    public static String legTargetIqn(String leg) {
        return TARGET_IQN_PREFIX + checkLeg(leg);
    }

    public static String legBackstore(String leg) {
        return PREFIX + checkLeg(leg);
    }

    /** The leg whose LV this is, if it is one of DLVM's. */
    public static Optional<String> legOfVolume(String lvName) {
        if (lvName == null || !lvName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String leg = lvName.substring(PREFIX.length());
        return isValidLegId(leg) ? Optional.of(leg) : Optional.empty();
    }

    /** The leg whose backstore this is, if it is one of DLVM's. */
    public static Optional<String> legOfBackstore(String backstoreName) {
        return legOfVolume(backstoreName);
    }

    /** The leg whose target this is, if it is one of DLVM's. */
    public static Optional<String> legOfTargetIqn(String iqn) {
        if (iqn == null || !iqn.startsWith(TARGET_IQN_PREFIX)) {
            return Optional.empty();
        }
        String leg = iqn.substring(TARGET_IQN_PREFIX.length());
        return isValidLegId(leg) ? Optional.of(leg) : Optional.empty();
    }

    /** The leg whose layer-1 or layer-2 linear this is, if it is one of DLVM's. */
    public static Optional<String> legOfLinear(String dmName) {
        for (String layer : new String[] {"l1", "l2"}) {
            String suffix = ROLE_SEPARATOR + layer;
            if (dmName != null && dmName.startsWith(PREFIX) && dmName.endsWith(suffix)) {
                String leg = dmName.substring(PREFIX.length(), dmName.length() - suffix.length());
                if (isValidLegId(leg)) {
                    return Optional.of(leg);
                }
            }
        }
        return Optional.empty();
    }

    // ---- ihost side -----------------------------------------------------------------------

    /**
     * The dlv as it appears in dm names: the name itself, or, when the longest name of the dlv
     * would pass {@link #MAX_DM_NAME_BYTES}, its first characters, '-' and 10 hex characters
     * of the SHA-256 of the whole name. The choice depends on the dlv only, so all of a dlv's
     * names agree.
     */
    public static String dlvPart(String dlv) {
        return KernelPart.of(checkDlv(dlv));
    }

    /** The user's device, {@code /dev/mapper/dlvm-<dlv>}: the dlv's stable device_path. */
    public static String userDevice(String dlv) {
        return PREFIX + dlvPart(dlv);
    }

    /** Mirror {@code mirror} of a group of stripe member {@code member}: the raid1 over its legs. */
    public static String mirror(String dlv, int member, Group group, int mirror) {
        checkIndex("mirror", mirror, MAX_MIRRORS_PER_GROUP);
        return memberPrefix(dlv, member) + group.label() + mirror;
    }

    /** The raid metadata part (the leg's first {@link Sizes#RAID_META_PART_BYTES}) of leg {@code leg} of a mirror. */
    public static String raidMetaPart(String dlv, int member, Group group, int mirror, int leg) {
        checkIndex("leg", leg, MAX_LEGS_PER_MIRROR);
        return mirror(dlv, member, group, mirror) + "-rm" + leg;
    }

    /** The raid data part (the rest of the leg) of leg {@code leg} of a mirror. */
    public static String raidDataPart(String dlv, int member, Group group, int mirror, int leg) {
        checkIndex("leg", leg, MAX_LEGS_PER_MIRROR);
        return mirror(dlv, member, group, mirror) + "-rd" + leg;
    }

    /** The pool's metadata device: a linear over the meta mirror(s), so metadata can grow by reload. */
    public static String poolMetadata(String dlv, int member) {
        return memberPrefix(dlv, member) + "pmeta";
    }

    /** The pool's data device: the concatenation of the data mirrors, grown by appending one. */
    public static String poolData(String dlv, int member) {
        return memberPrefix(dlv, member) + "pdata";
    }

    public static String pool(String dlv, int member) {
        return memberPrefix(dlv, member) + "pool";
    }

    public static String thin(String dlv, int member) {
        return memberPrefix(dlv, member) + "thin";
    }

    /** A snapshot's thin device on member {@code member}'s pool, made to read the snapshot (a clone's source). */
    public static String snapshotThin(String dlv, int member, long thinId) {
        return memberPrefix(dlv, member) + "snap" + thinId;
    }

    /** A snapshot's own striped device over its {@link #snapshotThin}s, laid out as the user's device. */
    public static String snapshotDevice(String dlv, long thinId) {
        return PREFIX + dlvPart(dlv) + ROLE_SEPARATOR + "snap" + thinId;
    }

    public static String devicePath(String dmName) {
        if (dmName == null || dmName.isEmpty() || dmName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a dm device name: '" + dmName + "'");
        }
        return MAPPER_DIR + dmName;
    }

    /**
     * True only for names DLVM makes: the prefix {@code dlvm-}, then an id, then at most one
     * role suffix. Cleanup consults this before touching anything, so that LVs, dm devices and
     * backstores of others are never removed.
     */
    public static boolean isDlvmName(String name) {
        return name != null && name.startsWith(PREFIX)
                && name.getBytes(StandardCharsets.UTF_8).length <= MAX_DM_NAME_BYTES
                && DLVM_NAME_REST.matcher(name.substring(PREFIX.length())).matches();
    }

    /** Whether a dm device is the given dlv's user device or one of the layers beneath it. */
    public static boolean belongsToDlv(String dmName, String dlv) {
        return belongsToPart(dmName, dlvPart(dlv));
    }

    /** {@link #belongsToDlv} by the dlv's part of the name ({@link KernelPart}). */
    public static boolean belongsToPart(String dmName, String dlvPart) {
        String device = PREFIX + dlvPart;
        return dmName != null && (dmName.equals(device) || dmName.startsWith(device + ROLE_SEPARATOR));
    }

    /**
     * The dlv part of a device of a dlv's stack ({@code dlvm-<part>+s<i>-<role>}); empty for any
     * other name, a dpv's leg linears included. Only the layers beneath the user device count: every
     * stack has them, while {@code dlvm-<x>} alone could be an LV of a volume group named "dlvm".
     */
    public static Optional<String> stackPartOf(String dmName) {
        if (!isDlvmName(dmName) || legOfLinear(dmName).isPresent()) {
            return Optional.empty();
        }
        String rest = dmName.substring(PREFIX.length());
        int role = rest.indexOf(ROLE_SEPARATOR);
        if (role <= 0 || !rest.startsWith("s", role + 1)) {
            return Optional.empty();
        }
        String part = rest.substring(0, role);
        return isValidDlvName(part) ? Optional.of(part) : Optional.empty();
    }

    private static String memberPrefix(String dlv, int member) {
        checkIndex("stripe member", member, MAX_STRIPE_MEMBERS);
        return PREFIX + dlvPart(dlv) + ROLE_SEPARATOR + "s" + member + "-";
    }

    private static String checkDlv(String dlv) {
        if (!isValidDlvName(dlv)) {
            throw new IllegalArgumentException("invalid dlv name '" + dlv + "': must match " + DLV_NAME.pattern());
        }
        return dlv;
    }

    private static String checkLeg(String leg) {
        if (!isValidLegId(leg)) {
            throw new IllegalArgumentException("invalid leg id '" + leg + "': must match " + LEG_ID.pattern());
        }
        return leg;
    }

    private static void checkIndex(String what, int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IllegalArgumentException(what + " index " + index + " out of range [0, " + bound + ")");
        }
    }
}
