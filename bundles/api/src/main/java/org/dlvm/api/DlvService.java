package org.dlvm.api;

import java.util.List;

/**
 * The dlv lifecycle. Every method that changes a node answers at once with the stored object
 * in its transitional status and the operation that carries the work on; failures of input or
 * state are {@link DlvmException}s (400, 404, 409) that change nothing.
 */
public interface DlvService {
    Accepted<Dlv> create(DlvSpec spec);

    /** One page in name order. */
    Page<Dlv> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dlv> list() {
        return Page.all(this::list);
    }

    Dlv get(String name);

    Accepted<Dlv> delete(String name);

    Accepted<Dlv> attach(String name, String ihost);

    Accepted<Dlv> detach(String name);

    Accepted<Dlv> extend(String name, long size);

    Accepted<Snapshot> createSnapshot(String dlv, String snapshot);

    List<Snapshot> snapshots(String dlv);

    Snapshot snapshot(String dlv, String snapshot);

    Accepted<Snapshot> deleteSnapshot(String dlv, String snapshot);
}
