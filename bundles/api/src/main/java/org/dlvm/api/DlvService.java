package org.dlvm.api;

import java.util.List;

/**
 * The dlv lifecycle. Every method that changes a node answers at once with the stored object
 * in its transitional status and the operation that carries the work on; failures of input or
 * state are {@link DlvmException}s (400, 404, 409) that change nothing. The operation records
 * who asked for it ({@link Requester}).
 */
public interface DlvService {
    Accepted<Dlv> create(DlvSpec spec, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Dlv> create(DlvSpec spec) {
        return create(spec, Requester.CONTROLLER);
    }

    /** One page in name order. */
    Page<Dlv> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dlv> list() {
        return Page.all(this::list);
    }

    Dlv get(String name);

    Accepted<Dlv> delete(String name, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Dlv> delete(String name) {
        return delete(name, Requester.CONTROLLER);
    }

    Accepted<Dlv> attach(String name, String ihost, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Dlv> attach(String name, String ihost) {
        return attach(name, ihost, Requester.CONTROLLER);
    }

    /**
     * {@code force}: for an ihost that is gone or cannot let go: the detach does not wait for it,
     * the dpvs stop exporting the legs to it (fencing), and what it holds is removed when it
     * answers again. Refused (409 {@code cannot_fence}) while a dpv with its legs is unavailable.
     */
    Accepted<Dlv> detach(String name, boolean force, Requester by);

    default Accepted<Dlv> detach(String name, Requester by) {
        return detach(name, false, by);
    }

    /** The same, asked by the controller itself. */
    default Accepted<Dlv> detach(String name) {
        return detach(name, false, Requester.CONTROLLER);
    }

    Accepted<Dlv> extend(String name, long size, Requester by);

    /**
     * Rolls a detached dlv back to one of its snapshots, which stays (Cinder's revert). The head's
     * contents are replaced at the next attach, before its device appears: nothing can write to
     * it until then. 409 while attached or busy; a later revert before that attach replaces this one.
     */
    Dlv revert(String name, String snapshot, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Dlv> extend(String name, long size) {
        return extend(name, size, Requester.CONTROLLER);
    }

    Accepted<Snapshot> createSnapshot(String dlv, String snapshot, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Snapshot> createSnapshot(String dlv, String snapshot) {
        return createSnapshot(dlv, snapshot, Requester.CONTROLLER);
    }

    List<Snapshot> snapshots(String dlv);

    Snapshot snapshot(String dlv, String snapshot);

    Accepted<Snapshot> deleteSnapshot(String dlv, String snapshot, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Snapshot> deleteSnapshot(String dlv, String snapshot) {
        return deleteSnapshot(dlv, snapshot, Requester.CONTROLLER);
    }
}
