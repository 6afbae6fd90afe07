package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlvm.node.sim.SimulatedNodeDriver;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Two controller nodes of the distribution against one PostgreSQL database and one Artemis (the
 * first controller's embedded broker; the second has broker.embedded = false), serving the same
 * REST API and sharing the work as competing consumers. The second dies by kill -9 while dlv
 * creations run on it; the first takes them over after the lock lease and finishes every one,
 * and each dpv holds exactly the legs the database says. Agents are simulated in this JVM, each
 * step taking a second, so that operations are caught in flight.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TwoControllersIT {
    private static final String PG_ADMIN = System.getProperty("dlvm.postgresql.url", "jdbc:postgresql://localhost:5432/postgres");
    private static final String PG_USER = System.getProperty("dlvm.postgresql.user", "dlvm_test");
    private static final String PG_PASSWORD = System.getProperty("dlvm.postgresql.password", "dlvm_test");
    private static final String DB = "dlvm_two_controllers";
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Api first = new Api(9521, () -> TwoControllersIT.ctl1.adminPassword());
    private static final Api second = new Api(9522, () -> TwoControllersIT.ctl2.adminPassword());
    private static Node ctl1;
    private static Node ctl2;
    private static final Map<String, SimulatedNodeDriver> drivers = new HashMap<>();
    private static SimulatedAgentFleet fleet;

    @BeforeClass
    public static void controllers() throws Exception {
        try (Connection admin = DriverManager.getConnection(PG_ADMIN, PG_USER, PG_PASSWORD); Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + DB + " with (force)");
            s.execute("create database " + DB);
        }
        String url = PG_ADMIN.substring(0, PG_ADMIN.lastIndexOf('/') + 1) + DB;
        // the configuration docs/OPERATIONS.md gives for PostgreSQL
        Map<String, String> database = Map.of("osgi.jdbc.driver.name", "PostgreSQL JDBC Driver", "url", url, "user", PG_USER,
                "password", PG_PASSWORD, "dataSourceName", "dlvm", "pool", "dbcp2", "xa", "false");
        Map<String, String> fastTakeover = Map.of("lock.lease.seconds", "10", "sweep.seconds", "2",
                "resubmit.after.seconds", "3");
        ctl1 = Node.create("ctl1", 18300, Map.of("roles", "controller", "driver", "sim"), Map.of(
                "org.ops4j.datasource-dlvm.cfg", database, "org.dlvm.controller.cfg", fastTakeover,
                "org.dlvm.messaging.cfg", Map.of("worker.consumers", "1")));
        ctl2 = Node.create("ctl2", 18310, Map.of("roles", "controller", "driver", "sim", "broker.embedded", "false",
                "broker.url", "tcp://127.0.0.1:61616"), Map.of(
                "org.ops4j.datasource-dlvm.cfg", database, "org.dlvm.controller.cfg", fastTakeover,
                "org.dlvm.messaging.cfg", Map.of("worker.consumers", "8"),
                "org.ops4j.pax.web.cfg", Map.of("org.osgi.service.http.port", "9522")));
        ctl1.start();
        first.await("/health", r -> r.status() == 200, BOOT);
        // a controller on another's broker logs in with the account the first one made: the operator copies its file
        ctl2.putSecret("controller.broker.password", ctl1.controllerBrokerPassword());
        ctl2.start();
        second.await("/health", r -> r.status() == 200, BOOT);

        fleet = new SimulatedAgentFleet("tcp://127.0.0.1:61616", first);
        for (String dpv : List.of("tdpv1", "tdpv2", "tdpv3")) {
            drivers.put(dpv, fleet.dpv(dpv, 100L << 30, 1000));
        }
        fleet.ihost("tih1");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        for (Node n : new Node[] {ctl2, ctl1}) {
            if (n != null && n.isAlive()) {
                n.stop();
            }
        }
    }

    @Test
    public void theSurvivorFinishesWhatTheDeadControllerWasDoing() throws Exception {
        // registration through one controller, seen through the other: one database
        for (String dpv : List.of("tdpv1", "tdpv2", "tdpv3")) {
            assertEquals(201, first.post("/dpvs", "{\"name\":\"" + dpv + "\",\"address\":\"10.2.0." + dpv.charAt(4) + "\"}").status());
        }
        assertEquals(201, second.post("/ihosts", "{\"name\":\"tih1\"}").status());
        assertEquals(201, second.post("/dvgs", "{\"name\":\"tg\"}").status());
        for (String dpv : List.of("tdpv1", "tdpv2", "tdpv3")) {
            first.await("/dpvs/" + dpv, r -> r.has("\"status\":\"available\""), Duration.ofMinutes(2));
            assertEquals(200, second.post("/dvgs/tg/extend", "{\"dpv\":\"" + dpv + "\"}").status());
        }
        assertEquals("the same name through the other controller is the same dvg", 409,
                first.post("/dvgs", "{\"name\":\"tg\"}").status());

        List<String> dlvs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "tv" + i;
            Api via = i % 2 == 0 ? first : second;
            Api.Reply r = via.post("/dlvs", "{\"name\":\"" + name + "\",\"size\":268435456,\"dvg\":\"tg\",\"stripe_number\":2}");
            assertEquals(r.body(), 202, r.status());
            dlvs.add(name);
        }
        // Operations in flight (each leg step takes a second on the dpvs). The first controller runs one at a time
        // (one worker consumer), so three running at once means the second runs two or more: only then is it killed.
        first.await("/operations?status=running", r -> occurrences(r.body(), "\"kind\":\"dlv-create\"") >= 3,
                Duration.ofSeconds(60));
        ctl2.kill();

        for (String name : dlvs) {
            Api.Reply done = first.await("/dlvs/" + name, r -> r.has("\"status\":\"available\"") || r.has("\"status\":\"error\""),
                    Duration.ofMinutes(3));
            assertTrue(done.body(), done.has("\"status\":\"available\""));
        }
        int takenOver = 0;
        String url = PG_ADMIN.substring(0, PG_ADMIN.lastIndexOf('/') + 1) + DB;
        try (Connection db = DriverManager.getConnection(url, PG_USER, PG_PASSWORD); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("select status, attempts from dlvm_operation where kind = 'dlv-create'")) {
                while (r.next()) {
                    assertEquals("succeeded", r.getString(1));
                    takenOver += r.getInt(2) > 1 ? 1 : 0;
                }
            }
            assertLegsAreOnTheirDpvs(s);
        }
        assertTrue("the dead controller had operations in flight that the survivor took over", takenOver > 0);
    }

    /** The legs' CHAP secrets travel to the dpvs and the ihost in requests; neither controller writes one to a log. */
    @Test
    public void thenTheLegsChapSecretsReachTheNodesAndNoLog() throws Exception {
        first.await("/dlvs/tv0", r -> r.has("\"status\":\"available\""), Duration.ofMinutes(3));
        assertEquals(202, first.post("/dlvs/tv0/attach", "{\"ihost\":\"tih1\"}").status());
        first.await("/dlvs/tv0", r -> r.has("\"status\":\"attached\""), Duration.ofMinutes(2));
        Map<String, String> secrets = new HashMap<>();
        drivers.values().forEach(d -> secrets.putAll(d.chapSecrets()));
        assertTrue("tv0's legs were exported with CHAP: " + secrets, secrets.size() >= 4);
        for (Node node : new Node[] {ctl1, ctl2}) {
            java.nio.file.Path logs = node.home.resolve("data/log");
            try (var files = java.nio.file.Files.list(logs)) {
                for (java.nio.file.Path log : files.toList()) {
                    String text = java.nio.file.Files.readString(log);
                    for (Map.Entry<String, String> s : secrets.entrySet()) {
                        assertFalse(log + " holds the CHAP secret of leg " + s.getKey(), text.contains(s.getValue()));
                    }
                }
            }
        }
    }

    /**
     * An appliance upgrade hot-deploys bundles: the worker's bundle updated under running operations. The stopping
     * worker hands what it runs over (back to pending, its lock's generation raised), the updated one finishes it.
     */
    @Test
    public void thenAWorkerBundleUpdateHandsItsOperationsOverAndTheUpdatedWorkerFinishesThem() throws Exception {
        // the shell's start can outlast a simulated create, so an update may fall between two operations: a few
        // rounds, until one update met a running create (a worker that never hands over fails every round)
        java.util.regex.Pattern handedOver = java.util.regex.Pattern.compile("operation \\S+ dlv-create on dlv/tu\\d+ handed over");
        boolean metOne = false;
        for (int round = 0; round < 4 && !metOne; round++) {
            List<String> dlvs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "tu" + round + i;
                Api.Reply r = first.post("/dlvs", "{\"name\":\"" + name + "\",\"size\":268435456,\"dvg\":\"tg\",\"stripe_number\":2}");
                assertEquals(r.body(), 202, r.status());
                dlvs.add(name);
            }
            first.await("/operations?status=running", r -> r.has("\"kind\":\"dlv-create\""), Duration.ofSeconds(60));
            String out = ctl1.shell("bundle:update dlvm-worker");
            assertFalse(out, out.toLowerCase().contains("error"));
            for (String name : dlvs) {
                Api.Reply done = first.await("/dlvs/" + name, r -> r.has("\"status\":\"available\"")
                        || r.has("\"status\":\"error\""), Duration.ofMinutes(3));
                assertTrue(done.body(), done.has("\"status\":\"available\""));
            }
            metOne = handedOver.matcher(java.nio.file.Files.readString(ctl1.home.resolve("data/log/karaf.log"))).find();
        }
        assertTrue("the stopping worker handed a running create over", metOne);
        String url = PG_ADMIN.substring(0, PG_ADMIN.lastIndexOf('/') + 1) + DB;
        try (Connection db = DriverManager.getConnection(url, PG_USER, PG_PASSWORD); Statement s = db.createStatement()) {
            assertLegsAreOnTheirDpvs(s);
        }
    }

    /** Every leg the database holds is on its dpv, and no dpv holds one more: nothing ran twice or leaked. */
    private void assertLegsAreOnTheirDpvs(Statement s) throws Exception {
        for (Map.Entry<String, SimulatedNodeDriver> e : drivers.entrySet()) {
            try (ResultSet r = s.executeQuery("select name from dlvm_leg where dpv = '" + e.getKey() + "'")) {
                List<String> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(r.getString(1));
                }
                assertEquals(e.getKey(), new java.util.TreeSet<>(rows), e.getValue().legs().keySet());
            }
        }
    }

    private static int occurrences(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
            n++;
        }
        return n;
    }
}
