package org.dlvm.api;

/**
 * A leg's health as its dlv's ihost and its dpv report it. {@code in_sync}, {@code syncing},
 * {@code dead} and {@code missing} are dm-raid's own verdicts ('A', 'a', 'D', '-');
 * {@code unreachable}: its dpv is not available, whatever the kernel still says; {@code unknown}:
 * no report yet (the dlv is not attached, or its ihost has not reported since).
 */
public enum LegHealth {
    in_sync, syncing, dead, missing, unreachable, unknown;

    /** dm-raid's health character of one leg; null for anything else. */
    public static LegHealth ofRaidChar(char c) {
        return switch (c) {
            case 'A' -> in_sync;
            case 'a' -> syncing;
            case 'D' -> dead;
            case '-' -> missing;
            default -> null;
        };
    }

    /** Whether the mirror has this leg's copy of the data now. */
    public boolean holdsData() {
        return this == in_sync || this == unknown;
    }
}
