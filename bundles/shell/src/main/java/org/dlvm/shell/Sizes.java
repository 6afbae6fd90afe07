package org.dlvm.shell;

import java.util.Locale;

/** Byte counts as people read them: binary units, one decimal. */
final class Sizes {
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private Sizes() {
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
