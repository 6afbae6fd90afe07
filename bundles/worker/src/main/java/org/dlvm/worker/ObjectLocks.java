package org.dlvm.worker;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.dlvm.api.OperationStatus;
import org.dlvm.store.ObjectLockEntity;
import org.dlvm.store.OperationEntity;

/**
 * Per-object locks whose generation only rises. Taking a lock bumps the generation; the new
 * value is the fencing token the operation sends to agents and checks again before it writes
 * its result, so a worker whose lease ran out can neither change a node nor the database.
 */
final class ObjectLocks {
    /** Returned by {@link #acquire} when another live operation holds the object. */
    static final long BUSY = -1;

    private ObjectLocks() {
    }

    static long acquire(EntityManager em, String objectKey, String operationId, long now, long leaseMillis) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            lock = new ObjectLockEntity(objectKey);
            em.persist(lock);
        } else if (lock.getOperationId() != null && isLive(em, lock, now, leaseMillis)) {
            return BUSY;
        }
        lock.setGeneration(lock.getGeneration() + 1);
        lock.setOperationId(operationId);
        lock.setLockedAt(now);
        return lock.getGeneration();
    }

    private static boolean isLive(EntityManager em, ObjectLockEntity lock, long now, long leaseMillis) {
        OperationEntity holder = em.find(OperationEntity.class, lock.getOperationId());
        boolean unfinished = holder != null && !OperationStatus.valueOf(holder.getStatus()).isFinished();
        return unfinished && lock.getLockedAt() != null && now - lock.getLockedAt() < leaseMillis;
    }

    /** True when the lock still carries this generation, i.e. nobody took it over meanwhile. */
    static boolean stillHeld(EntityManager em, String objectKey, long generation) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey, LockModeType.PESSIMISTIC_WRITE);
        return lock != null && lock.getGeneration() == generation;
    }

    /** Extends the lease of a lock still held with this generation; false when it was taken over. */
    static boolean renew(EntityManager em, String objectKey, long generation, long now) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null || lock.getGeneration() != generation) {
            return false;
        }
        lock.setLockedAt(now);
        return true;
    }

    static void release(EntityManager em, String objectKey, long generation) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey);
        if (lock != null && lock.getGeneration() == generation) {
            lock.setOperationId(null);
            lock.setLockedAt(null);
        }
    }

    /**
     * Frees a lock its holder gives up without a result, raising the generation: the holder's renewals, steps and
     * result (all checked against its generation) then fail, as after a takeover. False when the holder has lost it.
     */
    static boolean abandon(EntityManager em, String objectKey, long generation) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null || lock.getGeneration() != generation) {
            return false;
        }
        lock.setGeneration(generation + 1);
        lock.setOperationId(null);
        lock.setLockedAt(null);
        return true;
    }

    static Long lockedAt(EntityManager em, String objectKey) {
        ObjectLockEntity lock = em.find(ObjectLockEntity.class, objectKey);
        return lock == null ? null : lock.getLockedAt();
    }
}
