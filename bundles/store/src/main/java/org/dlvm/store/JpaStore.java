package org.dlvm.store;

import java.util.function.Function;

import java.sql.SQLException;

import javax.persistence.EntityExistsException;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;

import org.dlvm.api.DlvmException;
import org.dlvm.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = { Store.class, HealthCheck.class })
public class JpaStore implements Store, HealthCheck {
    private final EntityManagerFactory emf;

    @Activate
    public JpaStore(@Reference(target = "(osgi.unit.name=dlvm)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
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
        } catch (EntityExistsException | OptimisticLockException e) {
            throw DlvmException.conflict("concurrent_change",
                    "another request changed the same object at the same time; repeat the request");
        } catch (RuntimeException e) {
            throw isDatabaseFailure(e) ? unreachable(e) : e;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
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
