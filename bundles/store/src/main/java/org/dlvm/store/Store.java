package org.dlvm.store;

import java.util.function.Function;

import javax.persistence.EntityManager;

/** Short transactions against the DLVM database. Never call an agent from inside one. */
public interface Store {
    /**
     * Runs {@code work} in one transaction and commits it. A {@link org.dlvm.api.DlvmException}
     * thrown by the work rolls back and passes through; a database that cannot be reached
     * becomes a 503-kind DlvmException. A transaction that lost a race (deadlock, serialization
     * failure, lock timeout, a key inserted meanwhile, a versioned row changed meanwhile) runs
     * again, a bounded number of times with jittered pauses, then is a 409 {@code concurrent_change}:
     * so the work must do nothing but read and write through the EntityManager it gets.
     *
     * <p>Lock order, so that most races wait instead of deadlocking: dvg, dlv, ihost, dpv, leg,
     * operation, object lock; rows of one table in name order.
     */
    <T> T inTransaction(Function<EntityManager, T> work);

    /**
     * As {@link #inTransaction(Function)}, tried at most {@code attempts} times: for work that has
     * something better to do than wait (agent events, whose next heartbeat says the same).
     */
    <T> T inTransaction(Function<EntityManager, T> work, int attempts);
}
