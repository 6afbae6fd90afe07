package org.dlvm.worker;

import java.time.Instant;

final class Times {
    private Times() {
    }

    static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
