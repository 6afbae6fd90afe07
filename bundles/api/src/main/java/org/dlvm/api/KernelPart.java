package org.dlvm.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The dlv as it appears in the names of its device-mapper devices on an ihost: the name itself,
 * or, when the dlv's longest device name would pass the kernel's 127 bytes, a short form of it.
 * Here, not with the node's other kernel names, because the controller needs it too: it tells
 * which dlv a stack an ihost reports belongs to (the cleanup of what no row wants).
 */
public final class KernelPart {
    public static final String PREFIX = "dlvm-";
    /** DM_NAME_LEN is 128 bytes including the terminating NUL. */
    public static final int MAX_DM_NAME_BYTES = 127;
    /** Bounds that fix the longest name a dlv can have, so the short-form decision depends on the dlv alone. */
    public static final int MAX_STRIPE_MEMBERS = 10_000;
    public static final int MAX_MIRRORS_PER_GROUP = 10_000;
    public static final int MAX_LEGS_PER_MIRROR = 100;
    /** {@code +s9999-data9999-rm99}: the longest role suffix within the bounds above. */
    private static final int LONGEST_ROLE_SUFFIX = ("+s" + (MAX_STRIPE_MEMBERS - 1) + "-data"
            + (MAX_MIRRORS_PER_GROUP - 1) + "-rm" + (MAX_LEGS_PER_MIRROR - 1)).length();
    /** The short form's length: one more than any dlv name kept whole, so a short form never equals a real name. */
    public static final int SHORT_FORM_LENGTH = MAX_DM_NAME_BYTES - PREFIX.length() - LONGEST_ROLE_SUFFIX;
    public static final int LONGEST_WHOLE_DLV_NAME = SHORT_FORM_LENGTH - 1;
    private static final int HASH_HEX_CHARS = 10;

    private KernelPart() {
    }

    /**
     * The name itself, or its first characters, '-' and 10 hex characters of the SHA-256 of the
     * whole name. The choice depends on the dlv only, so all of a dlv's names agree.
     */
    public static String of(String dlv) {
        if (!Names.isValid(dlv)) {
            throw new IllegalArgumentException("invalid dlv name '" + dlv + "': must match " + Names.PATTERN);
        }
        if (dlv.length() <= LONGEST_WHOLE_DLV_NAME) {
            return dlv;
        }
        String hash = sha256Hex(dlv).substring(0, HASH_HEX_CHARS);
        return dlv.substring(0, SHORT_FORM_LENGTH - 1 - HASH_HEX_CHARS) + "-" + hash;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
