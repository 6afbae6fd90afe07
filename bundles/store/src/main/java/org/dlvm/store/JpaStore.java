package org.dlvm.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;

import javax.persistence.EntityExistsException;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.LockTimeoutException;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;
import javax.persistence.PessimisticLockException;

import org.dlvm.api.DlvmException;
import org.dlvm.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = { Store.class, HealthCheck.class })
public class JpaStore implements Store, HealthCheck {
    /** Enough for the collisions of a busy controller; a transaction that keeps losing is a 409 the client repeats. */
    static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(JpaStore.class);
    private static final long BASE_PAUSE_MILLIS = 5;
    private final EntityManagerFactory emf;

    @Activate
    public JpaStore(@Reference(target = "(osgi.unit.name=dlvm)") EntityManagerFactory emf) {
        this.emf = emf;
        shortenDerbyLockWaits();
    }

    /**
     * Derby waits 20 s before it looks for a deadlock and 60 s for any lock: a deadlock between two
     * short transactions stalled the controller that long. Here every transaction is short and
     * retried, so waiting long only delays the retry. Database properties persist in the database;
     * on another database this does nothing.
     */
    private void shortenDerbyLockWaits() {
        EntityManager em = null;
        try {
            em = emf.createEntityManager();
            em.getTransaction().begin();
            Connection connection = em.unwrap(Connection.class);
            if (connection.getMetaData().getDatabaseProductName().contains("Derby")) {
                for (String[] p : new String[][] { { "derby.locks.deadlockTimeout", "1" }, { "derby.locks.waitTimeout", "10" } }) {
                    try (CallableStatement call = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
                        call.setString(1, p[0]);
                        call.setString(2, p[1]);
                        call.execute();
                    }
                }
            }
            em.getTransaction().commit();
        } catch (RuntimeException | SQLException e) {
            LOG.info("database lock timeouts left as they are: {}", rootMessage(e));
        } finally {
            if (em != null) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return inTransaction(work, MAX_ATTEMPTS);
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work, int attempts) {
        for (int attempt = 1;; attempt++) {
            try {
                return once(work);
            } catch (RuntimeException e) {
                Conflict conflict = conflictOf(e);
                if (conflict == null) {
                    throw e;
                }
                if (attempt >= Math.min(attempts, MAX_ATTEMPTS)) {
                    throw DlvmException.conflict("concurrent_change", "another request changed the same object at the"
                            + " same time (" + conflict + ", " + attempt + " tries); repeat the request");
                }
                pause(attempt);
            }
        }
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em;
        try {
            em = emf.createEntityManager();
        } catch (PersistenceException | IllegalStateException e) {
            throw unreachable(e);
        }
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (DlvmException e) {
            throw e;
        } catch (RuntimeException e) {
            if (conflictOf(e) != null) {
                throw e;
            }
            throw isDatabaseFailure(e) ? unreachable(e) : e;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /** What makes a transaction worth running again: another transaction won a race the work can now see. */
    enum Conflict {
        /** SQLState class 40: deadlock, serialization failure, lock timeout (Derby 40001/40XL1, PostgreSQL 40001/40P01). */
        serialization,
        /** 23505: a row with that key was inserted meanwhile; run again, the work sees it and answers what it means. */
        duplicate_key,
        /** Another transaction changed a versioned row first. */
        lost_update
    }

    static Conflict conflictOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OptimisticLockException) {
                return Conflict.lost_update;
            }
            if (c instanceof LockTimeoutException || c instanceof PessimisticLockException) {
                return Conflict.serialization;
            }
            if (c instanceof EntityExistsException) {
                return Conflict.duplicate_key;
            }
            for (SQLException s = c instanceof SQLException ? (SQLException) c : null; s != null; s = s.getNextException()) {
                Conflict byState = conflictOf(s.getSQLState());
                if (byState != null) {
                    return byState;
                }
            }
        }
        return null;
    }

    static Conflict conflictOf(String sqlState) {
        if (sqlState == null) {
            return null;
        }
        if (sqlState.startsWith("40")) {
            return Conflict.serialization;
        }
        return "23505".equals(sqlState) ? Conflict.duplicate_key : null;
    }

    /** Exponential back-off with full jitter, so that the transactions that collided do not collide again. */
    private void pause(int attempt) {
        long ceiling = Math.min(BASE_PAUSE_MILLIS << (attempt - 1), 500);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlvmException.unavailable("interrupted", "interrupted while waiting to repeat a transaction", e);
        }
    }

    private static DlvmException unreachable(RuntimeException e) {
        return DlvmException.unavailable("database_unavailable", "the database cannot be used: " + rootMessage(e), e);
    }

    /** OpenJPA wraps JDBC failures in several exception types; the SQLException inside tells. */
    private static boolean isDatabaseFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException || c instanceof PersistenceException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public String problem() {
        try {
            inTransaction(em -> em.createQuery("select count(d) from DvgEntity d").getSingleResult());
            return null;
        } catch (DlvmException e) {
            return e.getMessage();
        }
    }
}
