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
        org.junit.Assume.assumeFalse("Derby's drop stands for the crash", TestDatabase.isPostgresql());
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

    @Test
    public void aKeyInsertedMeanwhileRunsTheWorkAgainWhichThenSeesTheRow() {
        Store store = TestDatabase.newStore();
        int[] attempts = {0};
        DlvmException e = org.junit.Assert.assertThrows(DlvmException.class, () -> store.inTransaction(em -> {
            attempts[0]++;
            if (em.find(DvgEntity.class, "g") != null) {
                throw DlvmException.conflict("exists", "a dvg named 'g' exists");
            }
            if (attempts[0] == 1) {
                // another client wins the race between this transaction's check and its commit
                store.inTransaction(other -> {
                    other.persist(new DvgEntity("g", 2L));
                    return null;
                });
            }
            em.persist(new DvgEntity("g", 1L));
            return null;
        }));
        assertEquals("exists", e.code());
        assertEquals(2, attempts[0]);
        assertEquals(2L, (long) store.inTransaction(em -> em.find(DvgEntity.class, "g").getCreatedAt()));
    }

    @Test
    public void sqlStatesOfLostRacesAreConflictsAndOthersAreNot() {
        assertEquals(JpaStore.Conflict.serialization, JpaStore.conflictOf("40001"));
        assertEquals(JpaStore.Conflict.serialization, JpaStore.conflictOf("40P01"));
        assertEquals(JpaStore.Conflict.serialization, JpaStore.conflictOf("40XL1"));
        assertEquals(JpaStore.Conflict.duplicate_key, JpaStore.conflictOf("23505"));
        assertNull(JpaStore.conflictOf("22001"));
        assertNull(JpaStore.conflictOf("08006"));
        assertNull(JpaStore.conflictOf((String) null));
        SQLException chained = new SQLException("batch failed", "XJ208");
        chained.setNextException(new SQLException("deadlock", "40001"));
        assertEquals(JpaStore.Conflict.serialization, JpaStore.conflictOf(new RuntimeException(chained)));
    }
}
