package org.dlvm.worker;

import java.util.List;
import java.util.UUID;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvmException;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Requester;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.store.OperationEntity;

/** Operation records, used inside the caller's transaction. */
final class Operations {
    private Operations() {
    }

    private static final MessageCodec CODEC = new MessageCodec();

    static OperationEntity create(EntityManager em, OperationKind kind, String name, OperationArgs args, Requester by,
            long now) {
        if (!kind.argsType.isInstance(args)) {
            throw new IllegalArgumentException(kind + " takes " + kind.argsType.getSimpleName() + ", not " + args);
        }
        OperationEntity op = new OperationEntity(UUID.randomUUID().toString(), kind.wireName, kind.target(name),
                OperationStatus.pending.name(), CODEC.encode(args), now, by.user());
        em.persist(op);
        return op;
    }

    /** The arguments as stored: one encoding per value, so equal arguments find each other in a query. */
    static String encoded(OperationArgs args) {
        return CODEC.encode(args);
    }

    /** The arguments stored with the operation; operations stored before arguments were kept have the empty ones. */
    static OperationArgs args(OperationKind kind, String json) {
        return CODEC.decode(json == null ? "{}" : json, kind.argsType);
    }

    /** Refuses a second operation on an object while one is still unfinished (API: 409, creates nothing). */
    static void requireIdle(EntityManager em, String target) {
        // a cleanup removes only what the dlv does not use: a request waits behind it for the lock, not a 409
        List<OperationEntity> open = unfinished(em, target).stream()
                .filter(o -> !OperationKind.DLV_CLEANUP.wireName.equals(o.getKind())).toList();
        if (!open.isEmpty()) {
            throw DlvmException.conflict("busy", target + " is busy with operation " + open.get(0).getId() + " ("
                    + open.get(0).getKind() + ", " + open.get(0).getStatus() + ")");
        }
    }

    static List<OperationEntity> unfinished(EntityManager em, String target) {
        return em.createQuery("select o from OperationEntity o where o.target = :t and o.status in ('pending','running')",
                OperationEntity.class).setParameter("t", target).getResultList();
    }

    /** Whether an operation on the target ended at or after {@code since}, or has not ended. */
    static boolean activeSince(EntityManager em, String target, long since) {
        return em.createQuery("select count(o) from OperationEntity o where o.target = :t and (o.status in"
                + " ('pending','running') or o.finishedAt >= :since)", Long.class).setParameter("t", target)
                .setParameter("since", since).getSingleResult() > 0;
    }

    /** Whether an operation of that kind on the target failed at or after {@code since}. */
    static boolean failedSince(EntityManager em, String target, OperationKind kind, long since) {
        return em.createQuery("select count(o) from OperationEntity o where o.target = :t and o.kind = :k and"
                + " o.status = 'failed' and o.finishedAt >= :since", Long.class).setParameter("t", target)
                .setParameter("k", kind.wireName).setParameter("since", since).getSingleResult() > 0;
    }

    static void finish(OperationEntity op, OperationStatus status, String error, long now) {
        op.setStatus(status.name());
        op.setError(error);
        op.setFinishedAt(now);
    }
}
