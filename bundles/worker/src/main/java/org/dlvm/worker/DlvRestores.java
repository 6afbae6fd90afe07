package org.dlvm.worker;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Requester;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;

/**
 * Which dlvs a node that announced itself must get back (one {@code dlv-restore} operation
 * each), and whether a dpv still waits for them. All of it is read from rows: the served dlvs,
 * their legs, the unfinished operations; nothing is counted on the side.
 */
final class DlvRestores {
    static final String RESTORING = "restoring the exports of ";
    private static final List<String> SERVED = List.of(DlvStatus.attached.name(), DlvStatus.degraded.name());
    private static final List<String> UNFINISHED = List.of(OperationStatus.pending.name(), OperationStatus.running.name());

    private DlvRestores() {
    }

    /** The served dlvs with a leg on the dpv; answers the operations made. */
    static List<String> afterDpvAnnounce(EntityManager em, String dpv, long now) {
        List<String> dlvs = em.createQuery("select distinct l.dlv from LegEntity l, DlvEntity d where l.dpv = :p"
                + " and l.status <> :allocated and d.name = l.dlv and d.status in :served and d.ihost is not null",
                String.class).setParameter("p", dpv).setParameter("allocated", LegEntity.ALLOCATED)
                .setParameter("served", SERVED).getResultList();
        return start(em, dlvs, new OperationArgs.DlvRestore(dpv, null), now);
    }

    /** The dlvs the ihost serves. */
    static List<String> afterIhostAnnounce(EntityManager em, String ihost, long now) {
        List<String> dlvs = em.createQuery("select d.name from DlvEntity d where d.ihost = :i and d.status in :served",
                String.class).setParameter("i", ihost).setParameter("served", SERVED).getResultList();
        return start(em, dlvs, new OperationArgs.DlvRestore(null, ihost), now);
    }

    /**
     * A restore of one dlv by its ihost alone: an assembly that takes back into their mirrors the
     * legs that answer again ({@link RepairWatch}).
     */
    static List<String> toTakeBack(EntityManager em, String dlv, String ihost, long now) {
        return start(em, List.of(dlv), new OperationArgs.DlvRestore(null, ihost), now);
    }

    /**
     * How many restores the dpv's last announce started that have not ended; 0 without a query
     * unless the dpv is restoring (its reason says so) or has just announced.
     */
    static int unfinishedFor(EntityManager em, String dpv, String currentReason, boolean justAnnounced) {
        if (!justAnnounced && (currentReason == null || !currentReason.startsWith(RESTORING))) {
            return 0;
        }
        return em.createQuery("select count(o) from OperationEntity o where o.kind = :k and o.status in :open"
                + " and o.args = :a", Long.class).setParameter("k", OperationKind.DLV_RESTORE.wireName)
                .setParameter("open", UNFINISHED).setParameter("a", Operations.encoded(new OperationArgs.DlvRestore(dpv,
                        null))).getSingleResult().intValue();
    }

    static String restoringReason(int dlvs) {
        return RESTORING + dlvs + (dlvs == 1 ? " dlv" : " dlvs") + " after its agent started";
    }

    /** One restore per dlv, unless the same one is still waiting to run. */
    static List<String> start(EntityManager em, List<String> dlvs, OperationArgs.DlvRestore args, long now) {
        List<String> ids = new ArrayList<>();
        String encoded = Operations.encoded(args);
        for (String dlv : dlvs) {
            boolean waiting = em.createQuery("select count(o) from OperationEntity o where o.target = :t and o.kind = :k"
                    + " and o.status = :pending and o.args = :a", Long.class)
                    .setParameter("t", OperationKind.DLV_RESTORE.target(dlv))
                    .setParameter("k", OperationKind.DLV_RESTORE.wireName)
                    .setParameter("pending", OperationStatus.pending.name()).setParameter("a", encoded)
                    .getSingleResult() > 0;
            if (!waiting) {
                ids.add(Operations.create(em, OperationKind.DLV_RESTORE, dlv, args, Requester.CONTROLLER, now).getId());
            }
        }
        return ids;
    }
}
