package org.dlvm.worker;

import java.util.List;
import java.util.UUID;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvmException;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.OperationEntity;

/** Operation records, used inside the caller's transaction. */
final class Operations {
    private Operations() {
    }

    static OperationEntity create(EntityManager em, OperationKind kind, String name, long now) {
        OperationEntity op = new OperationEntity(UUID.randomUUID().toString(), kind.wireName, kind.target(name),
                OperationStatus.pending.name(), null, now);
        em.persist(op);
        return op;
    }

    /** Refuses a second operation on an object while one is still unfinished (API: 409, creates nothing). */
    static void requireIdle(EntityManager em, String target) {
        List<OperationEntity> open = unfinished(em, target);
        if (!open.isEmpty()) {
            throw DlvmException.conflict("busy", target + " is busy with operation " + open.get(0).getId() + " ("
                    + open.get(0).getKind() + ", " + open.get(0).getStatus() + ")");
        }
    }

    static List<OperationEntity> unfinished(EntityManager em, String target) {
        return em.createQuery("select o from OperationEntity o where o.target = :t and o.status in ('pending','running')",
                OperationEntity.class).setParameter("t", target).getResultList();
    }

    static void finish(OperationEntity op, OperationStatus status, String error, long now) {
        op.setStatus(status.name());
        op.setError(error);
        op.setFinishedAt(now);
    }
}
