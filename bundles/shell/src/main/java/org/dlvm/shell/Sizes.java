package org.dlvm.shell;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlvm.api.DlvmException;

/** Byte counts as people read and type them: binary units. */
final class Sizes {
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    /** A number, then K, M, G, T, P or E (with or without "iB"), or B, or nothing for bytes. */
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGTPE])(?:iB)?|B)?",
            Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /**
     * Bytes from what an operator types: 10G, 512M, 1.5TiB, 4096. Units are binary, as in LVM's
     * {@code -L}; "GB" is refused rather than guessed, since half the world reads it as 10^9.
     */
    static long parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw DlvmException.invalid("invalid_size", "'" + text
                    + "' is not a size; use a whole number of bytes or a number with K, M, G, T, P or E (binary"
                    + " units: 10G is 10 GiB)");
        }
        int power = m.group(2) == null ? 0 : "KMGTPE".indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1;
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw DlvmException.invalid("invalid_size", "'" + text + "' is "
                    + (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? "larger than 8 EiB"
                            : "not a whole number of bytes"));
        }
    }

    static String human(long bytes) {
        if (bytes < 0) {
            // agents report -1 (or nothing) before they have measured their volume group
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        // step up before the value would round to "1024.0", so 1048575 reads 1.0 MiB, not 1024.0 KiB
        while (value >= 1023.95 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // Locale.ROOT: a console on a German locale must not print "1,5 KiB" in one place and "1.5" in logs
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
