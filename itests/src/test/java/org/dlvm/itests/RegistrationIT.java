package org.dlvm.itests;

import java.nio.file.Path;

import java.nio.file.Files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The appliance end to end: a controller node and agent nodes as separate Karaf processes of the
 * assembled distribution, REST -> database -> Camel -> Artemis -> worker -> agent and back.
 * Every node speaks TLS as docs/OPERATIONS.md "TLS" switches it on (REST over HTTPS only, the
 * broker's acceptor and every connection to it). The steps build on each other, hence the fixed order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RegistrationIT {
    private static final long SIM_VG = 107374182400L;
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static Node controller;
    private static Node dpv1;
    private static Node ihost1;
    private static Node linuxDpv;
    private static Node dpv2;
    /** Every node here speaks TLS: REST over HTTPS only, the broker's acceptor and every connection to it. */
    private static TestTls tls;
    private static Api api;
    /** What every node's etc/org.dlvm.node.cfg says of the broker: TLS, the host name the certificate names. */
    private static final Map<String, String> BROKER_OVER_TLS = Map.of("broker.url", TestTls.brokerUrl("localhost", 61616));

    @BeforeClass
    public static void startNodes() throws Exception {
        tls = TestTls.make(Path.of("target/tls-registration"));
        api = new Api(9521, () -> controller.adminPassword(), tls.clientContext());
        controller = Node.create("ctl", 18100, merge(BROKER_OVER_TLS, Map.of("roles", "controller", "driver", "sim")), Map.of(
                "org.dlvm.monitor.cfg", Map.of("heartbeat.timeout.seconds", "12", "sweep.seconds", "2"),
                "org.dlvm.messaging.cfg", Map.of("agent.timeout.seconds", "5")));
        tls.serve(controller);
        Map<String, String> agentTiming = merge(BROKER_OVER_TLS, Map.of("heartbeat.seconds", "2"));
        dpv1 = Node.create("dpv1", 18110, merge(agentTiming, Map.of("roles", "dpv", "driver", "sim")), Map.of());
        ihost1 = Node.create("ih1", 18120, merge(agentTiming, Map.of("roles", "ihost", "driver", "sim")), Map.of());
        // the real driver on a machine without LVM: the node must stay up and say why
        linuxDpv = Node.create("dpvlinux", 18130,
                merge(agentTiming, Map.of("roles", "dpv", "driver", "linux", "dpv.vg", "dlvm_vg")), Map.of());
        for (Node node : List.of(controller, dpv1, ihost1, linuxDpv)) {
            tls.trust(node);
        }
        controller.start();
        api.await("/health", r -> r.status() == 200, BOOT);
        for (Node agent : List.of(dpv1, ihost1, linuxDpv)) {
            agent.enrolWith(api);
        }
        dpv1.start();
        ihost1.start();
        linuxDpv.start();
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    @AfterClass
    public static void stopNodes() throws Exception {
        for (Node n : new Node[] {dpv2, linuxDpv, ihost1, dpv1, controller}) {
            if (n != null) {
                n.stop();
            }
        }
    }

    @Test
    public void a_rootAndHealth() throws Exception {
        Api.Reply root = api.send("GET", "/", null, false);
        assertEquals(200, root.status());
        assertTrue(root.body(), root.has("\"service\":\"dlvm\""));
        Api.Reply health = api.send("GET", "/health", null, false);
        assertTrue(health.body(), health.has("\"database\":\"ok\"") && health.has("\"broker\":\"ok\""));
        assertEquals(401, api.send("GET", "/dpvs", null, false).status());
        Api.Reply openapi = api.get("/openapi.json");
        assertEquals(200, openapi.status());
        assertTrue(openapi.has("/dvgs/{name}/extend"));
    }

    /** What Jetty and pax-web refuse before any servlet runs answers the API's JSON error body too. */
    @Test
    public void a2_whatTheHttpServerRefusesItselfIsAJsonErrorToo() throws Exception {
        Api.Reply nul = api.get("/dpvs/a%00b");
        assertEquals(nul.body(), 400, nul.status());
        assertTrue(nul.body(), nul.has("\"error\":\"bad_request\"") && nul.has("\"message\":"));
        Api.Reply tooLong = api.get("/dpvs/" + "x".repeat(9000));
        assertEquals(tooLong.body(), 414, tooLong.status());
        assertTrue(tooLong.body(), tooLong.has("\"error\":\"uri_too_long\""));
        Api.Reply trace = api.send("TRACE", "/dpvs", null, true);
        assertEquals(trace.body(), 405, trace.status());
        assertTrue(trace.body(), trace.has("\"error\":\"method_not_allowed\""));
    }

    @Test
    public void b_aDpvRegistersAndShowsItsAgentsCapacity() throws Exception {
        Api.Reply created = api.post("/dpvs", "{\"name\":\"dpv1\",\"address\":\"127.0.0.1\"}");
        assertEquals(created.body(), 201, created.status());
        assertTrue(created.body(), created.has("\"operation\":{"));
        Api.Reply available = api.await("/dpvs/dpv1", r -> r.has("\"status\":\"available\""), BOOT);
        assertTrue(available.body(), available.has("\"total_size\":" + SIM_VG));
        assertTrue(available.body(), available.has("\"agent_version\":\"0.1.0"));
    }

    @Test
    public void c_anIhostRegistersWithItsAgentsInitiatorName() throws Exception {
        assertEquals(201, api.post("/ihosts", "{\"name\":\"ih1\"}").status());
        Api.Reply ih = api.await("/ihosts/ih1", r -> r.has("\"status\":\"available\""), BOOT);
        assertTrue(ih.body(), ih.has("\"initiator_iqn\":\"iqn.2026-11.org.dlvm.sim:ih1\""));
    }

    @Test
    public void d_aDpvWithoutLvmIsUnavailableWithAClearReason() throws Exception {
        assertEquals(201, api.post("/dpvs", "{\"name\":\"dpvlinux\"}").status());
        Api.Reply r = api.await("/dpvs/dpvlinux",
                x -> x.has("\"reason\":\"") && (x.has("lvm") || x.has("olume group")) && !x.has("waiting for"), BOOT);
        assertTrue(r.body(), r.has("\"status\":\"unavailable\""));
        assertTrue("the node stays up", linuxDpv.isAlive());
    }

    @Test
    public void e_aDpvWithoutAgentIsRegisteredAndWaitsForIt() throws Exception {
        Api.Reply created = api.post("/dpvs", "{\"name\":\"ghost\"}");
        assertEquals(201, created.status());
        String op = created.body().replaceAll(".*\"operation\":\\{\"id\":\"([^\"]+)\".*", "$1");
        Api.Reply done = api.await("/operations/" + op, r -> r.has("\"status\":\"succeeded\""), Duration.ofMinutes(2));
        assertTrue(done.body(), done.has("\"error\":null") || !done.has("\"error\""));
        Api.Reply ghost = api.get("/dpvs/ghost");
        assertTrue(ghost.body(), ghost.has("\"status\":\"unavailable\"") && ghost.has("waiting for the agent"));
        assertEquals(204, api.delete("/dpvs/ghost").status());
        // an agent's broker account is no REST user, even with its right password
        Api.Reply agent = api.getAs("node.dpv1", Files.readString(dpv1.home.resolve("etc/dlvm-secrets/broker.password")).strip(),
                "/dpvs");
        assertEquals(agent.body(), 403, agent.status());
        assertTrue(agent.body(), agent.has("\"error\":\"forbidden\""));
    }

    @Test
    public void f_dvgsSumTheirDpvs() throws Exception {
        assertEquals(201, api.post("/dvgs", "{\"name\":\"g1\"}").status());
        Api.Reply extended = api.post("/dvgs/g1/extend", "{\"dpv\":\"dpv1\"}");
        assertEquals(extended.body(), 200, extended.status());
        assertTrue(extended.body(), extended.has("\"total_size\":" + SIM_VG) && extended.has("\"dpvs\":[\"dpv1\"]"));
        assertEquals(201, api.post("/dvgs", "{\"name\":\"g2\"}").status());
        assertEquals(409, api.post("/dvgs/g2/extend", "{\"dpv\":\"dpv1\"}").status());
        assertEquals(409, api.delete("/dpvs/dpv1").status());
        assertEquals(409, api.delete("/dvgs/g1").status());
        assertTrue(api.post("/dvgs/g2/reduce", "{\"dpv\":\"dpvlinux\"}").has("\"dpvs\":[]"));
        assertEquals(204, api.delete("/dvgs/g2").status());
    }

    @Test
    public void g_badInputAnswersAndChangesNothing() throws Exception {
        for (String[] bad : new String[][] {
                {"/dpvs", "{\"name\":\"bad name\"}", "400"}, {"/dpvs", "{}", "400"}, {"/dpvs", "{\"name\":7}", "400"},
                {"/dpvs", "{\"name\":\"x\",\"extra\":1}", "400"}, {"/dpvs", "not json", "400"},
                {"/dpvs", "{\"name\":\"" + "y".repeat(70000) + "\"}", "400"}, {"/dpvs", "{\"name\":\"dpv1\"}", "409"},
                {"/dvgs", "{\"name\":\"g1\"}", "409"}, {"/dvgs/nope/extend", "{\"dpv\":\"dpv1\"}", "404"},
                {"/dvgs/g1/extend", "{\"dpv\":\"nope\"}", "404"}, {"/dvgs/g1/extend", "{\"dpv\":\"a/b\"}", "400"},
                {"/ihosts", "{\"name\":\"ih2\",\"initiator_iqn\":\"nope\"}", "400"},
                {"/ihosts", "{\"name\":\"ih1\"}", "409"}, {"/dlvs", "{}", "400"} }) {
            Api.Reply r = api.post(bad[0], bad[1]);
            assertEquals(bad[0] + " " + bad[1].substring(0, Math.min(40, bad[1].length())) + " -> " + r.body(),
                    Integer.parseInt(bad[2]), r.status());
            assertTrue(r.body(), r.has("\"error\":") && r.has("\"message\":"));
        }
        assertEquals(404, api.get("/dpvs/nope").status());
        // dpv1 and dpvlinux; ghost was deleted by the step before
        assertEquals(2, count(api.get("/dpvs").body(), "\"name\":"));
        assertEquals(1, count(api.get("/dvgs").body(), "\"name\":"));
        assertEquals(1, count(api.get("/ihosts").body(), "\"name\":"));
    }

    /** Two simulated dpvs (a mirror needs two) and the simulated ihost carry a dlv through its whole life. */
    @Test
    public void ga_aDlvLivesAndDiesThroughTheWholeSystem() throws Exception {
        dpv2 = Node.create("dpv2", 18140, merge(BROKER_OVER_TLS, Map.of("roles", "dpv", "driver", "sim", "heartbeat.seconds", "2")),
                Map.of());
        tls.trust(dpv2);
        dpv2.enrolWith(api);
        dpv2.start();
        assertEquals(201, api.post("/dpvs", "{\"name\":\"dpv2\",\"address\":\"127.0.0.2\",\"failure_domain\":\"rack2\"}")
                .status());
        api.await("/dpvs/dpv2", r -> r.has("\"status\":\"available\""), BOOT);
        assertEquals(200, api.post("/dvgs/g1/extend", "{\"dpv\":\"dpv2\"}").status());

        String before = api.get("/metrics").body();
        Api.Reply created = api.post("/dlvs", "{\"name\":\"v1\",\"size\":1073741824,\"dvg\":\"g1\",\"stripe_number\":2}");
        assertEquals(created.body(), 202, created.status());
        assertTrue(created.body(), created.has("\"status\":\"creating\"") && created.has("\"kind\":\"dlv-create\""));
        Duration step = Duration.ofMinutes(1);
        Api.Reply available = api.await("/dlvs/v1", r -> r.has("\"status\":\"available\""), step);
        assertTrue("every mirror has its leg on dpv2 in rack2: " + available.body(),
                available.has("\"dpv\":\"dpv2\",\"size\"") && available.has("\"failure_domain\":\"rack2\""));
        String after = api.get("/metrics").body();
        String createsDone = "dlvm_operation_duration_seconds_count{kind=\"dlv-create\",result=\"succeeded\"}";
        assertEquals(after, sample(before, createsDone) + 1, sample(after, createsDone), 0);
        assertEquals(after, sample(before, "dlvm_dlvs{status=\"available\"}") + 1, sample(after, "dlvm_dlvs{status=\"available\"}"), 0);
        String legsCreated = "dlvm_agent_request_duration_seconds_count{action=\"legs.create\",result=\"ok\",role=\"dpv\"}";
        assertTrue(after, sample(after, legsCreated) >= sample(before, legsCreated) + 2);
        assertTrue(after, sample(after, "dlvm_dvg_free_bytes{dvg=\"g1\"}") < sample(before, "dlvm_dvg_free_bytes{dvg=\"g1\"}"));
        assertEquals(after, 1, sample(after, "dlvm_dependency_up{dependency=\"broker\"}"), 0);
        assertEquals(after, 1, sample(after, "dlvm_dependency_up{dependency=\"database\"}"), 0);
        assertTrue(after, sample(after, "dlvm_nodes{role=\"dpv\",status=\"available\"}") >= 2);
        assertTrue(after, sample(after, "dlvm_node_heartbeat_age_seconds{node=\"dpv2\",role=\"dpv\"}") < 30);
        assertEquals(409, api.post("/dlvs", "{\"name\":\"v1\",\"size\":1073741824,\"dvg\":\"g1\"}").status());
        assertEquals(409, api.delete("/dvgs/g1").status());
        assertEquals(409, api.post("/dvgs/g1/reduce", "{\"dpv\":\"dpv2\"}").status());

        assertEquals(202, api.post("/dlvs/v1/attach", "{\"ihost\":\"ih1\"}").status());
        Api.Reply attached = api.await("/dlvs/v1", r -> r.has("\"status\":\"attached\""), step);
        assertTrue(attached.body(), attached.has("\"device_path\":\"/dev/mapper/dlvm-v1\""));
        assertTrue(api.get("/ihosts/ih1").has("\"attached_dlvs\":[\"v1\"]"));
        assertEquals(409, api.post("/dlvs/v1/attach", "{\"ihost\":\"ih1\"}").status());
        assertEquals(409, api.delete("/dlvs/v1").status());
        assertTrue(controller.shell("dlvm:dlv-list").contains("attached"));
        // ih1's heartbeats carry what its kernel says of every mirror (the simulated one: all in sync)
        Api.Reply reported = api.await("/dlvs/v1", r -> r.has("\"health\":\"AA\",\"sync_action\":\"idle\""), step);
        assertTrue(reported.body(), reported.has("\"health\":\"in_sync\"") && !reported.has("\"health\":\"unknown\""));
        assertTrue(controller.shell("dlvm:dlv-health").contains("Every mirror of every attached dlv is in sync"));

        assertEquals(202, api.post("/dlvs/v1/snapshots", "{\"name\":\"s1\"}").status());
        api.await("/dlvs/v1/snapshots/s1", r -> r.has("\"status\":\"available\""), step);
        assertEquals(202, api.post("/dlvs/v1/extend", "{\"size\":2147483648}").status());
        api.await("/dlvs/v1", r -> r.has("\"status\":\"attached\"") && r.has("\"size\":2147483648"), step);

        assertEquals(202, api.post("/dlvs/v1/detach", "{}").status());
        api.await("/dlvs/v1", r -> r.has("\"status\":\"available\""), step);
        assertEquals(202, api.delete("/dlvs/v1").status());
        api.await("/dlvs/v1", r -> r.status() == 404, step);
        // the space comes back with the delete's answer; a heartbeat sent just before it can still be written after
        // it (events are applied as they come, docs/DESIRED-STATE.md), and the next heartbeat puts it right
        api.await("/dpvs/dpv2", r -> r.has("\"free_size\":" + SIM_VG) && r.has("\"leg_count\":0"), Duration.ofSeconds(30));

        assertEquals(200, api.post("/dvgs/g1/reduce", "{\"dpv\":\"dpv2\"}").status());
        assertEquals(204, api.delete("/dpvs/dpv2").status());
        dpv2.stop();
    }

    @Test
    public void gb_noSecretIsShippedOrShownAndEachNodeReachesOnlyItsOwnQueues() throws Exception {
        String admin = controller.adminPassword();
        String broker = controller.controllerBrokerPassword();
        assertTrue(admin.length() >= 40 && broker.length() >= 40 && !admin.equals(broker));
        for (String secret : List.of("etc/dlvm-secrets/karaf.password", "etc/dlvm-secrets/controller.broker.password",
                "etc/users.properties")) {
            assertEquals(secret, "rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(controller.home.resolve(secret))));
        }
        String console = Files.readString(controller.home.resolve("console.log"));
        assertTrue("the first start says where the passwords are: " + console,
                console.contains("etc/dlvm-secrets/karaf.password") && !console.contains(admin));
        String configs = controller.shell("config:list '(service.pid=org.dlvm.node)'") + dpv1.shell("config:list");
        assertFalse("no password in any configuration", configs.contains(admin) || configs.contains(broker)
                || configs.contains(Files.readString(dpv1.home.resolve("etc/dlvm-secrets/broker.password")).strip()));
        assertEquals(401, api.getAs("karaf", "karaf", "/dpvs").status());

        String dpv1Password = Files.readString(dpv1.home.resolve("etc/dlvm-secrets/broker.password")).strip();
        try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory f =
                new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(tls.clientBrokerUrl("localhost", 61616),
                        "node.dpv1", dpv1Password);
                javax.jms.Connection c = f.createConnection()) {
            javax.jms.Session s = c.createSession(false, javax.jms.Session.AUTO_ACKNOWLEDGE);
            for (String queue : List.of("dlvm.ihost.ih1", "dlvm.dpv.dpvlinux", "dlvm.dpv.dpv1", "dlvm.worker")) {
                try {
                    s.createProducer(s.createQueue(queue)).send(s.createTextMessage(
                            "{\"id\":\"x\",\"object\":\"dlv/v1\",\"generation\":999,\"action\":{\"type\":\"dlv.disassemble\"}}"));
                    org.junit.Assert.fail("dpv1's account sent to " + queue);
                } catch (javax.jms.JMSSecurityException expected) {
                    // refused by the broker
                }
            }
            for (String queue : List.of("dlvm.ihost.ih1", "dlvm.dpv.dpvlinux", "dlvm.events")) {
                try {
                    s.createConsumer(s.createQueue(queue));
                    org.junit.Assert.fail("dpv1's account reads " + queue);
                } catch (javax.jms.JMSSecurityException expected) {
                    // refused by the broker
                }
            }
            // every node may send events, but only its own: a goodbye for ih1 from dpv1's account changes nothing
            s.createProducer(s.createQueue("dlvm.events")).send(s.createTextMessage(
                    "{\"type\":\"goodbye\",\"node\":\"ih1\",\"role\":\"ihost\",\"version\":\"x\"}"));
        }
        String ignored = "ignoring a goodbye event: it names node 'ih1' but was sent by broker user 'node.dpv1'";
        // 90 s: on a slow CI machine (stop 18's) the line had not come within 30 s; both consumers of dlvm.events
        // can wait on the database behind the previous test's deletes
        long sent = System.currentTimeMillis();
        while (!controller.log().contains(ignored) && System.currentTimeMillis() < sent + 90_000) {
            Thread.sleep(500);
        }
        String log = controller.log();
        if (!log.contains(ignored)) {
            // seen only in CI (twice, each time after LabVolumeIT): the events route logged nothing at all; what its
            // consumer threads were doing is the next thing to know
            for (long pid : controller.jvmPids()) {
                System.out.println("---- controller JVM " + pid + " threads (jcmd Thread.print) ----");
                System.out.println(Node.run(controller.home.toFile(), "jcmd", Long.toString(pid), "Thread.print"));
            }
        }
        assertTrue("the controller ignored dpv1's goodbye for ih1; its log's end:\n"
                + log.substring(Math.max(0, log.length() - 6000)), log.contains(ignored));
        System.out.println("the forged goodbye was ignored within " + (System.currentTimeMillis() - sent) + " ms");
        assertTrue(api.get("/ihosts/ih1").has("\"status\":\"available\""));
    }

    /** With TLS on, nothing answers in the clear: not the REST port, not the broker, not a client that trusts another certificate. */
    @Test
    public void gc_withTlsOnNothingAnswersInTheClear() throws Exception {
        try {
            java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9521/api/v1/health"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            org.junit.Assert.fail("plain HTTP answered on the TLS port");
        } catch (java.io.IOException expected) {
            // the TLS listener does not speak HTTP in the clear
        }
        String dpv1Password = Files.readString(dpv1.home.resolve("etc/dlvm-secrets/broker.password")).strip();
        for (String url : List.of("tcp://127.0.0.1:61616?reconnectAttempts=0;callTimeout=5000",
                // the JDK's default trust: the controller's self-signed certificate is nobody it knows
                "tcp://localhost:61616?sslEnabled=true;reconnectAttempts=0;callTimeout=5000")) {
            try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory f =
                    new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(url, "node.dpv1", dpv1Password);
                    javax.jms.Connection c = f.createConnection()) {
                org.junit.Assert.fail("the broker took a connection over " + url);
            } catch (javax.jms.JMSException expected) {
                // no session without TLS, or without trusting the controller's certificate
            }
        }
        assertTrue(api.get("/health").has("\"broker\":\"ok\""));
    }

    /** The value of sample {@code series} in a Prometheus text exposition, 0 when absent (a series appears with its first value). */
    static double sample(String exposition, String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series) + " (\\S+)$")
                .matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    public void h_theShellDrivesTheSameServices() throws Exception {
        String out = controller.shell("dlvm:dpv-list");
        assertTrue(out, out.contains("dpv1") && out.contains("100.0 GiB"));
        assertTrue(controller.shell("dlvm:dvg-create g3").contains("g3"));
        assertTrue(api.get("/dvgs/g3").status() == 200);
        String status = dpv1.shell("dlvm:node-status");
        assertTrue(status, status.contains("dpv-agent") && status.contains("connected"));
    }

    @Test
    public void ha_everyChangeIsInTheAuditLogOnlyAndAnOperationNamesWhoAskedForIt() throws Exception {
        // the node's logging configuration is Karaf's with DLVM's loggers after it, whole after the roles' features came
        String logging = Files.readString(controller.home.resolve("etc/org.ops4j.pax.logging.cfg"));
        for (String key : List.of("log4j2.rootLogger.appenderRef.RollingFile.ref", "log4j2.logger.dlvmaudit.name",
                "log4j2.logger.artemisxmlutil.level", "log4j2.logger.artemis-audit.level")) {
            assertTrue(key + " in " + logging, logging.contains(key));
        }
        Path audit = controller.home.resolve("data/log/audit.log");
        String line = Files.exists(audit) ? Files.readString(audit) : "";
        assertTrue(line, line.contains("user=\"karaf\" source=\"127.0.0.1\" request=\"POST /api/v1/dvgs\" outcome=\"201\""));
        assertTrue(line, line.matches("(?s).*user=\"karaf\" source=\"127\\.0\\.0\\.1\" request=\"POST /api/v1/dlvs\" "
                + "outcome=\"202 operation=[0-9a-f-]{36}\".*"));
        assertTrue(line, line.contains("user=\"karaf\" source=\"shell\" request=\"dlvm:dvg-create g3\" outcome=\"ok\""));
        assertTrue("the bad input of g_ is audited too: " + line, line.contains("outcome=\"400\""));
        assertFalse("reads are not audited: " + line, line.contains("request=\"GET "));
        assertFalse("audit lines stay out of karaf.log", controller.log().contains("request=\"POST /api/v1/dvgs\""));
        Api.Reply operations = api.get("/operations?limit=1000");
        assertTrue(operations.body(), operations.has("\"kind\":\"dlv-create\"") && operations.has("\"requested_by\":\"karaf\""));
    }

    @Test
    public void i_anAgentThatDiesTurnsUnavailableAndComesBack() throws Exception {
        dpv1.kill();
        Api.Reply gone = api.await("/dpvs/dpv1", r -> r.has("\"status\":\"unavailable\""), Duration.ofMinutes(1));
        assertTrue(gone.body(), gone.has("no heartbeat"));
        dpv1.start();
        api.await("/dpvs/dpv1", r -> r.has("\"status\":\"available\""), BOOT);
    }

    @Test
    public void j_aRestartedControllerKeepsItsData() throws Exception {
        controller.stop();
        assertFalse("the controller's JVM is gone", controller.isAlive());
        assertFalse("nothing answers on the API port", api.reachable());
        controller.start();
        api.await("/health", r -> r.status() == 200, BOOT);
        Api.Reply dvg = api.get("/dvgs/g1");
        assertEquals(200, dvg.status());
        assertTrue(dvg.body(), dvg.has("\"dpvs\":[\"dpv1\"]"));
        assertTrue(api.get("/ihosts/ih1").has("iqn.2026-11.org.dlvm.sim:ih1"));
        // agents reconnect to the restarted broker by themselves
        api.await("/dpvs/dpv1", r -> r.has("\"status\":\"available\""), Duration.ofMinutes(2));
        List.of(controller.log()).forEach(log -> assertTrue("OpenJPA must stay active across restarts",
                !log.contains("NoClassDefFoundError: javax/transaction")));
    }

    @Test
    public void k_editingRolesLiveInstallsAndRemovesRoleFeatures() throws Exception {
        // the ihost node becomes a dpv too: the role installer adds dlvm-dpv while the node runs
        ihost1.put("org.dlvm.node.cfg", Map.of("roles", "ihost, dpv"));
        Api.Reply registered = api.post("/dpvs", "{\"name\":\"ih1\"}");
        assertEquals(registered.body(), 201, registered.status());
        Api.Reply both = api.await("/dpvs/ih1", r -> r.has("\"status\":\"available\""), BOOT);
        // the announce can make the dpv available before its registration's describe is answered; a dpv
        // is deleted only once no registration of it runs (409 in_use before, once in CI)
        String op = registered.body().replaceAll(".*\"operation\":\\{\"id\":\"([^\"]+)\".*", "$1");
        api.await("/operations/" + op, r -> r.has("\"status\":\"succeeded\""), Duration.ofMinutes(2));
        assertTrue(both.body(), both.has("\"total_size\":" + SIM_VG));
        // and stops being one: dlvm-dpv goes away, its agent says goodbye
        ihost1.put("org.dlvm.node.cfg", Map.of("roles", "ihost"));
        Api.Reply gone = api.await("/dpvs/ih1", r -> r.has("\"status\":\"unavailable\""), Duration.ofMinutes(2));
        assertTrue(gone.body(), gone.has("its agent stopped"));
        String features = ihost1.shell("feature:list -i");
        assertTrue(features, features.contains("dlvm-ihost") && !features.contains("dlvm-dpv "));
        assertTrue(api.get("/ihosts/ih1").has("\"status\":\"available\""));
        Api.Reply deleted = api.delete("/dpvs/ih1");
        assertEquals(deleted.body(), 204, deleted.status());
    }

    @Test
    public void l_aBundleUpdatedWhileTheControllerRunsKeepsServing() throws Exception {
        String out = controller.shell("bundle:update dlvm-worker");
        assertTrue(out, !out.toLowerCase().contains("error"));
        // the updated worker runs a new registration end to end
        assertEquals(204, api.delete("/ihosts/ih1").status());
        api.await("/ihosts", r -> r.status() == 200, Duration.ofMinutes(1));
        Api.Reply created = api.post("/ihosts", "{\"name\":\"ih1\"}");
        assertEquals(created.body(), 201, created.status());
        Api.Reply ih = api.await("/ihosts/ih1", r -> r.has("\"status\":\"available\""), Duration.ofMinutes(2));
        assertTrue(ih.body(), ih.has("iqn.2026-11.org.dlvm.sim:ih1"));
    }

    private static int count(String s, String fragment) {
        return s.split(java.util.regex.Pattern.quote(fragment), -1).length - 1;
    }
}
