package org.dlvm.api;

import java.util.List;

/**
 * One mirror of a dlv: {@code replicas} legs on distinct dpvs holding the same bytes.
 * {@code stripe} is the stripe member it serves, {@code kind} whether it holds that member's thin
 * metadata or data, {@code size} the bytes it carries. While the dlv is served, its ihost's
 * kernel reports the mirror: {@code health} is dm-raid's character per leg ("AA" in sync, "AD"
 * one leg dead, "aA" rebuilding the first), {@code syncAction} what runs ("idle", "recover",
 * "resync") and {@code syncPercent} how far it got; all three are null without a report.
 */
public record DlvGroup(int index, int stripe, String kind, long size, List<DlvLeg> legs, String health,
        String syncAction, Double syncPercent) {
    public static final String META = "meta";
    public static final String DATA = "data";

    /** A mirror nobody reported on. */
    public DlvGroup(int index, int stripe, String kind, long size, List<DlvLeg> legs) {
        this(index, stripe, kind, size, legs, null, null, null);
    }
}
