package org.dlvm.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

/**
 * A fresh database with the real entities, for tests outside OSGi: in-memory Derby by default; a
 * new PostgreSQL database per factory when {@code dlvm.test.postgresql.url} names a server
 * (only the {@code on-postgresql} test run of profile {@code postgresql} sets it, from the Maven
 * property {@code dlvm.postgresql.url} that {@code ./dlvm test} takes from {@code itests/postgresql.sh}), so the same tests run on both.
 */
public final class TestDatabase {
    private static final String PG_URL = System.getProperty("dlvm.test.postgresql.url", "");
    private static final String PG_USER = System.getProperty("dlvm.test.postgresql.user", "dlvm_test");
    private static final String PG_PASSWORD = System.getProperty("dlvm.test.postgresql.password", "dlvm_test");
    private static final String PG_PREFIX = "dlvm_t_";

    private TestDatabase() {
    }

    public static boolean isPostgresql() {
        return !PG_URL.isBlank();
    }

    public static EntityManagerFactory newFactory() {
        return newFactory("dlvm-" + UUID.randomUUID());
    }

    /** On Derby, {@code jdbc:derby:memory:<name>;drop=true} takes this database away, as a crash would. */
    public static EntityManagerFactory newFactory(String name) {
        Map<String, String> properties = new HashMap<>();
        if (isPostgresql()) {
            properties.put("openjpa.ConnectionDriverName", "org.postgresql.Driver");
            properties.put("openjpa.ConnectionURL", createPostgresqlDatabase(name));
            properties.put("openjpa.ConnectionUserName", PG_USER);
            properties.put("openjpa.ConnectionPassword", PG_PASSWORD);
        } else {
            properties.put("openjpa.ConnectionURL", "jdbc:derby:memory:" + name + ";create=true");
        }
        return Persistence.createEntityManagerFactory("dlvm-test", properties);
    }

    public static Store newStore() {
        return new JpaStore(newFactory());
    }

    private static final List<String> CREATED = new ArrayList<>();

    private static synchronized String createPostgresqlDatabase(String name) {
        String db = PG_PREFIX + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        db = db.length() > 63 ? db.substring(0, 63) : db;
        try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + db + " with (force)");
            s.execute("create database " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + db + " on " + PG_URL + ": " + e.getMessage(), e);
        }
        if (CREATED.isEmpty()) {
            // this run's databases go when its JVM does; another run's (a second build on the machine) stay its own
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropCreated, "drop-test-databases"));
        }
        CREATED.add(db);
        int slash = PG_URL.lastIndexOf('/');
        return PG_URL.substring(0, slash + 1) + db;
    }

    private static synchronized void dropCreated() {
        try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                Statement s = admin.createStatement()) {
            for (String db : CREATED) {
                s.execute("drop database if exists " + db + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("test databases left on " + PG_URL + ": " + e.getMessage());
        }
    }
}
