package org.dlvm.store;

import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

/** A fresh in-memory Derby database with the real entities, for tests outside OSGi. */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static EntityManagerFactory newFactory() {
        return newFactory("dlvm-" + UUID.randomUUID());
    }

    /** {@code jdbc:derby:memory:<name>;drop=true} takes this database away, as a crash would. */
    public static EntityManagerFactory newFactory(String name) {
        return Persistence.createEntityManagerFactory("dlvm-test",
                Map.of("openjpa.ConnectionURL", "jdbc:derby:memory:" + name + ";create=true"));
    }

    public static Store newStore() {
        return new JpaStore(newFactory());
    }
}
