package org.dlvm.api;

import java.util.List;

/**
 * What an ihost reports of one dlv it holds: each mirror's state, or, when it could not read
 * them, {@code problem} (the dlv's devices are gone, dmsetup failed).
 */
public record DlvState(String dlv, String problem, List<MirrorState> mirrors) {
    public DlvState {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }
}
