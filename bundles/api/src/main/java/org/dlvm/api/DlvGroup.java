package org.dlvm.api;

import java.util.List;

/**
 * One mirror of a dlv: {@code replicas} legs on distinct dpvs holding the same bytes.
 * {@code stripe} is the stripe member it serves, {@code kind} whether it holds that member's thin
 * metadata or data, {@code size} the bytes it carries.
 */
public record DlvGroup(int index, int stripe, String kind, long size, List<DlvLeg> legs) {
    public static final String META = "meta";
    public static final String DATA = "data";
}
