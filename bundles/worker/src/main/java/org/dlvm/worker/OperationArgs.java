package org.dlvm.worker;

/**
 * The arguments of an operation, one record per kind, stored with the operation as JSON: a
 * controller that resumes an operation another one started finds in it all it needs (which
 * snapshot, which ihost, which size), never by searching for rows in some status.
 */
sealed interface OperationArgs {
    /** A dpv's or ihost's agent is asked what its node has. */
    record Register() implements OperationArgs {
    }

    record DlvCreate(long size, long dataSize, int stripeNumber, int replicas) implements OperationArgs {
    }

    record DlvAttach(String ihost) implements OperationArgs {
    }

    /**
     * {@code force}: the ihost's answer is not waited for (it may be dead): the dpvs unexport the
     * legs, which fences it, and its stack there is torn down when it answers again.
     */
    record DlvDetach(boolean force) implements OperationArgs {
    }

    /** {@code size}: the virtual size the dlv grows to (its legs are reserved with the request). */
    record DlvExtend(long size) implements OperationArgs {
    }

    record DlvDelete() implements OperationArgs {
    }

    /**
     * The clone copies snapshot {@code snapshot} of dlv {@code source} (null: the source's head, of
     * a detached source that nothing writes); {@code temporary}: the request took that snapshot for
     * the clone (a clone of a dlv), and it goes when the copy ends.
     */
    record DlvClone(String source, String snapshot, boolean temporary) implements OperationArgs {
    }

    record SnapshotCreate(String snapshot) implements OperationArgs {
    }

    record SnapshotDelete(String snapshot) implements OperationArgs {
    }

    /** The node that announced itself (a boot, an agent restart): {@code dpv} or {@code ihost}, the other null. */
    record DlvRestore(String dpv, String ihost) implements OperationArgs {
    }

    /**
     * The legs a repair replaces, at most one per mirror, and why (a resumed repair finds their new
     * legs by {@code replaces}).
     */
    record LegRepair(java.util.List<String> legs, String reason) implements OperationArgs {
    }

    /** A dpv deletes the legs repairs retired while it was out of reach. */
    record RetiredLegsDelete() implements OperationArgs {
    }

    /**
     * What a node holds of a dlv that no row wants there (found by {@link NodeComparisons}): on the
     * ihost {@code ihost}, the stack {@code dlvPart} (null: none) and the sessions of {@code legs};
     * on the dpv {@code dpv}, the exports of {@code legs}. The other node field is null.
     */
    record DlvCleanup(String dpv, String ihost, String dlvPart, java.util.List<String> legs) implements OperationArgs {
        public DlvCleanup {
            legs = java.util.List.copyOf(legs);
        }
    }
}
