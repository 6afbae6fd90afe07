package org.dlvm.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.ListQuery;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Page;
import org.dlvm.api.Requester;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.dlvm.worker.messaging.AgentCallListener;
import org.junit.Test;

/** The scrape through the real client library, over rows in a real database: figures follow the rows. */
public class PrometheusMetricsTest {
    private static final long T0 = 1_800_000_000_000L;
    private final Store store = TestDatabase.newStore();
    private final List<Dpv> dpvs = new ArrayList<>();
    private final List<Dvg> dvgs = new ArrayList<>();
    private final List<Ihost> ihosts = new ArrayList<>();
    private String brokerProblem;
    private final AgentRequestTimes agentRequests = new AgentRequestTimes();
    private final PrometheusMetrics metrics = new PrometheusMetrics(store, new Dpvs(), new Dvgs(), new Ihosts(), agentRequests,
            () -> List.of(check("database", null), check("broker", brokerProblem)),
            Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC));

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of the one sample {@code name{labels}}; fails when there is none. */
    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(series + " in\n" + text, m.find());
        return Double.parseDouble(m.group(1));
    }

    @Test
    public void theFiguresFollowTheRowsAndTheAgentRequests() throws Exception {
        String empty = scrape();
        assertTrue(empty, empty.startsWith("# HELP") && metrics.contentType().startsWith("text/plain"));
        assertEquals(0, sample(empty, "dlvm_dlvs{status=\"available\"}"), 0);
        assertEquals(0, sample(empty, "dlvm_nodes{role=\"dpv\",status=\"available\"}"), 0);
        assertEquals(1, sample(empty, "dlvm_dependency_up{dependency=\"broker\"}"), 0);

        store.inTransaction(em -> {
            for (String name : List.of("v1", "v2", "v3")) {
                DlvEntity d = new DlvEntity(name, "g1", 1L << 30, 1L << 30, 1, 2, 128, 128, 8192, T0);
                d.setState(name.equals("v3") ? "attached" : "available", null, null, T0);
                em.persist(d);
            }
            em.persist(finished("1", "dlv-create", "succeeded", 3_000));
            em.persist(finished("2", "dlv-create", "succeeded", 45_000));
            em.persist(finished("3", "dlv-attach", "failed", 700));
            em.persist(new OperationEntity("4", "dlv-delete", "dlv/v2", "running", "{}", T0, "alice"));
            return null;
        });
        dpvs.add(new Dpv("dpv1", null, NodeStatus.available, null, "g1", 100L << 30, 60L << 30, 2, Instant.ofEpochMilli(T0 + 55_000).toString(), "0.1.0"));
        dpvs.add(new Dpv("dpv2", null, NodeStatus.unavailable, "silent", null, 0, 0, 0, null, null));
        dvgs.add(new Dvg("g1", List.of("dpv1"), 100L << 30, 60L << 30, 3));
        ihosts.add(new Ihost("ih1", "iqn.x:ih1", NodeStatus.available, null, Instant.ofEpochMilli(T0 + 58_500).toString(), List.of("v3"), "0.1.0"));
        agentRequests.finished(Queues.Role.dpv, "legs.create", AgentCallListener.Result.ok, 40_000_000L);
        agentRequests.finished(Queues.Role.dpv, "legs.create", AgentCallListener.Result.timeout, 15_000_000_000L);
        brokerProblem = "cannot connect";

        String text = scrape();
        assertEquals(2, sample(text, "dlvm_dlvs{status=\"available\"}"), 0);
        assertEquals(1, sample(text, "dlvm_dlvs{status=\"attached\"}"), 0);
        assertEquals(2, sample(text, "dlvm_operation_duration_seconds_count{kind=\"dlv-create\",result=\"succeeded\"}"), 0);
        assertEquals(48, sample(text, "dlvm_operation_duration_seconds_sum{kind=\"dlv-create\",result=\"succeeded\"}"), 1e-9);
        assertEquals("buckets are cumulative", 1,
                sample(text, "dlvm_operation_duration_seconds_bucket{kind=\"dlv-create\",result=\"succeeded\",le=\"5.0\"}"), 0);
        assertEquals(2, sample(text, "dlvm_operation_duration_seconds_bucket{kind=\"dlv-create\",result=\"succeeded\",le=\"60.0\"}"), 0);
        assertEquals(1, sample(text, "dlvm_operation_duration_seconds_count{kind=\"dlv-attach\",result=\"failed\"}"), 0);
        assertEquals(1, sample(text, "dlvm_operations_unfinished{kind=\"dlv-delete\",status=\"running\"}"), 0);
        assertEquals(1, sample(text, "dlvm_nodes{role=\"dpv\",status=\"available\"}"), 0);
        assertEquals(1, sample(text, "dlvm_nodes{role=\"dpv\",status=\"unavailable\"}"), 0);
        assertEquals(1, sample(text, "dlvm_nodes{role=\"ihost\",status=\"available\"}"), 0);
        assertEquals(5, sample(text, "dlvm_node_heartbeat_age_seconds{node=\"dpv1\",role=\"dpv\"}"), 1e-9);
        assertEquals(1.5, sample(text, "dlvm_node_heartbeat_age_seconds{node=\"ih1\",role=\"ihost\"}"), 1e-9);
        assertTrue("a node never heard of has no age", !text.contains("node=\"dpv2\",role"));
        assertEquals(60L << 30, sample(text, "dlvm_dvg_free_bytes{dvg=\"g1\"}"), 0);
        assertEquals(100L << 30, sample(text, "dlvm_dpv_size_bytes{dpv=\"dpv1\",dvg=\"g1\"}"), 0);
        assertEquals(0, sample(text, "dlvm_dependency_up{dependency=\"broker\"}"), 0);
        assertEquals(1, sample(text, "dlvm_dependency_up{dependency=\"database\"}"), 0);
        assertEquals(1, sample(text, "dlvm_agent_request_duration_seconds_count{action=\"legs.create\",result=\"timeout\",role=\"dpv\"}"), 0);
        assertEquals(1, sample(text, "dlvm_agent_request_duration_seconds_bucket{action=\"legs.create\",result=\"ok\",role=\"dpv\",le=\"0.05\"}"), 0);
        assertEquals(0, sample(text, "dlvm_agent_request_duration_seconds_bucket{action=\"legs.create\",result=\"ok\",role=\"dpv\",le=\"0.025\"}"), 0);
    }

    private static OperationEntity finished(String id, String kind, String status, long millis) {
        OperationEntity op = new OperationEntity(id, kind, "dlv/x", status, "{}", T0, Requester.CONTROLLER.user());
        op.setFinishedAt(T0 + millis);
        return op;
    }

    private static HealthCheck check(String name, String problem) {
        return new HealthCheck() {
            public String name() { return name; }
            public String problem() { return problem; }
        };
    }

    private final class Dpvs implements DpvService {
        public org.dlvm.api.Accepted<Dpv> register(String n, String a, String f, Requester by) { throw new UnsupportedOperationException(); }
        public Dpv setFailureDomain(String n, String f) { throw new UnsupportedOperationException(); }
        public Dpv evacuate(String n) { throw new UnsupportedOperationException(); }
        public Dpv cancelEvacuation(String n) { throw new UnsupportedOperationException(); }
        public Page<Dpv> list(ListQuery q) { return new Page<>(List.copyOf(dpvs), null); }
        public Dpv get(String n) { throw DlvmException.notFound("dpv", n); }
        public void delete(String n) { throw new UnsupportedOperationException(); }
    }

    private final class Dvgs implements DvgService {
        public Dvg create(String n, org.dlvm.api.DomainPolicy p) { throw new UnsupportedOperationException(); }
        public Dvg setDomainPolicy(String n, org.dlvm.api.DomainPolicy p) { throw new UnsupportedOperationException(); }
        public Dvg setRepairWindow(String n, Long s) { throw new UnsupportedOperationException(); }
        public Page<Dvg> list(ListQuery q) { return new Page<>(List.copyOf(dvgs), null); }
        public Dvg get(String n) { throw DlvmException.notFound("dvg", n); }
        public Dvg extend(String d, String p) { throw new UnsupportedOperationException(); }
        public Dvg reduce(String d, String p) { throw new UnsupportedOperationException(); }
        public void delete(String n) { throw new UnsupportedOperationException(); }
    }

    private final class Ihosts implements IhostService {
        public org.dlvm.api.Accepted<Ihost> register(String n, String i, Requester by) { throw new UnsupportedOperationException(); }
        public Page<Ihost> list(ListQuery q) { return new Page<>(List.copyOf(ihosts), null); }
        public Ihost get(String n) { throw DlvmException.notFound("ihost", n); }
        public void delete(String n) { throw new UnsupportedOperationException(); }
    }
}
