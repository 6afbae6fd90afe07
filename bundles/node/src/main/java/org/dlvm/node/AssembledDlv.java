package org.dlvm.node;

import java.util.List;

/**
 * A dlv as an ihost serves it: the user's device, the pools' thin-metadata transaction id, and
 * the legs it could not reach (their mirrors run degraded).
 */
public record AssembledDlv(String devicePath, long transactionId, List<String> missingLegs) {
    public AssembledDlv {
        missingLegs = List.copyOf(missingLegs);
    }
}
