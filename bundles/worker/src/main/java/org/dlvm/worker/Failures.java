package org.dlvm.worker;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.NodeEntity;
import org.dlvm.store.SnapshotEntity;

/**
 * Where a failed operation leaves its object, for every kind (the switch has no default, so a
 * new kind cannot be forgotten): a dlv in {@code error} with the reason (the request repeated
 * retries it, delete cleans up), a snapshot in {@code error} while its dlv keeps serving, a node
 * {@code unavailable} with the reason.
 */
final class Failures {
    private Failures() {
    }

    static void record(EntityManager em, OperationKind kind, String target, OperationArgs args, String why, long now) {
        String name = OperationKind.objectName(target);
        switch (kind) {
        case DPV_REGISTER -> unavailable(em.find(DpvEntity.class, name), why);
        case IHOST_REGISTER -> unavailable(em.find(IhostEntity.class, name), why);
        case DLV_CREATE, DLV_DELETE, DLV_ATTACH, DLV_DETACH, DLV_EXTEND, DLV_CLONE -> {
            DlvEntity dlv = em.find(DlvEntity.class, name);
            if (dlv != null) {
                dlv.setState(DlvStatus.error.name(), why, null, now);
            }
        }
        case SNAPSHOT_CREATE -> snapshotError(em, name, ((OperationArgs.SnapshotCreate) args).snapshot(), why);
        case SNAPSHOT_DELETE -> snapshotError(em, name, ((OperationArgs.SnapshotDelete) args).snapshot(), why);
        case LEG_REPAIR, RETIRED_LEGS_DELETE -> {
            // the dlv serves on from its other legs, as its health shows; the repair watch tries again
        }
        case DLV_CLEANUP -> {
            // what is left over stays on its node, which the dlv does not use; the comparison tries again later
        }
        case DLV_RESTORE -> {
            // after an ihost's restart its stack may be gone; a dpv's failure leaves the dlv as its health says
            DlvEntity dlv = em.find(DlvEntity.class, name);
            if (dlv != null && ((OperationArgs.DlvRestore) args).ihost() != null) {
                dlv.setState(DlvStatus.error.name(), why, null, now);
            }
        }
        }
    }

    private static void unavailable(NodeEntity node, String why) {
        if (node != null) {
            node.markUnavailable(why);
        }
    }

    private static void snapshotError(EntityManager em, String dlv, String snapshot, String why) {
        SnapshotEntity s = snapshot == null ? null : em.find(SnapshotEntity.class, SnapshotEntity.key(dlv, snapshot));
        if (s != null) {
            s.setState("error", why);
        }
    }
}
