package org.dlvm.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.DriverManager;
import java.sql.SQLException;

import javax.persistence.EntityManagerFactory;

import org.dlvm.api.DlvmException;
import org.junit.Test;

public class JpaStoreTest {
    @Test
    public void commitsAndReadsBack() {
        Store store = TestDatabase.newStore();
        store.inTransaction(em -> {
            em.persist(new DvgEntity("dvg1", 1L));
            return null;
        });
        assertEquals(1L, (long) store.inTransaction(em -> em.find(DvgEntity.class, "dvg1").getCreatedAt()));
    }

    @Test
    public void aDlvmErrorRollsBackEverything() {
        Store store = TestDatabase.newStore();
        try {
            store.inTransaction(em -> {
                em.persist(new DvgEntity("dvg1", 1L));
                em.flush();
                throw DlvmException.conflict("exists", "boom");
            });
            fail();
        } catch (DlvmException e) {
            assertEquals("exists", e.code());
        }
        assertNull(store.inTransaction(em -> em.find(DvgEntity.class, "dvg1")));
    }

    @Test
    public void aLostDatabaseIsReportedAsUnavailable() throws Exception {
        EntityManagerFactory emf = TestDatabase.newFactory("lost");
        JpaStore store = new JpaStore(emf);
        assertNull(store.problem());
        try {
            DriverManager.getConnection("jdbc:derby:memory:lost;drop=true");
        } catch (SQLException dropped) {
            // Derby reports a successful drop as SQLState 08006
            assertEquals("08006", dropped.getSQLState());
        }
        String problem = store.problem();
        assertTrue(String.valueOf(problem), problem != null && problem.startsWith("the database cannot be used"));
    }
}
