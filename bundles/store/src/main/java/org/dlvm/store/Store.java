package org.dlvm.store;

import java.util.function.Function;

import javax.persistence.EntityManager;

/** Short transactions against the DLVM database. Never call an agent from inside one. */
public interface Store {
    /**
     * Runs {@code work} in one transaction and commits it. A {@link org.dlvm.api.DlvmException}
     * thrown by the work rolls back and passes through; a database that cannot be reached
     * becomes a 503-kind DlvmException.
     */
    <T> T inTransaction(Function<EntityManager, T> work);
}
