package org.dlvm.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * What the database and the health checks say at the moment of the scrape: every figure is
 * derived from rows (the same on every controller), none is kept in memory.
 */
final class ControllerFigures implements MultiCollector {
    private final Store store;
    private final DpvService dpvs;
    private final DvgService dvgs;
    private final IhostService ihosts;
    private final Supplier<List<HealthCheck>> checks;
    private final Clock clock;

    ControllerFigures(Store store, DpvService dpvs, DvgService dvgs, IhostService ihosts,
            Supplier<List<HealthCheck>> checks, Clock clock) {
        this.store = store;
        this.dpvs = dpvs;
        this.dvgs = dvgs;
        this.ihosts = ihosts;
        this.checks = checks;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(dlvs());
        all.addAll(operations());
        // one list of dpvs serves both the node and the capacity figures
        List<Dpv> dpvList = dpvs.list();
        all.addAll(nodes(dpvList));
        all.addAll(capacity(dpvList));
        all.add(health());
        return new MetricSnapshots(all);
    }

    private MetricSnapshot dlvs() {
        Map<DlvStatus, Long> byStatus = new EnumMap<>(DlvStatus.class);
        for (DlvStatus s : DlvStatus.values()) {
            byStatus.put(s, 0L);
        }
        store.inTransaction(em -> em.createQuery("SELECT d.status, COUNT(d) FROM " + DlvEntity.class.getSimpleName()
                + " d GROUP BY d.status", Object[].class).getResultList()).forEach(r -> byStatus.put(
                        DlvStatus.valueOf((String) r[0]), ((Number) r[1]).longValue()));
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name("dlvm_dlvs").help("dlvs by status");
        byStatus.forEach((status, n) -> g.dataPoint(point(n, "status", status.name())));
        return g.build();
    }

    /** Unfinished ones as a gauge, finished ones as a histogram of their time from request to end, by kind and result. */
    private List<MetricSnapshot> operations() {
        List<Object[]> rows = store.inTransaction(em -> em.createQuery("SELECT o.kind, o.status, o.createdAt, o.finishedAt FROM "
                + OperationEntity.class.getSimpleName() + " o", Object[].class).getResultList());
        Map<List<String>, Long> unfinished = new TreeMap<>(ControllerFigures::compareLabels);
        Map<List<String>, DurationBuckets> finished = new TreeMap<>(ControllerFigures::compareLabels);
        for (Object[] r : rows) {
            String kind = (String) r[0];
            String status = (String) r[1];
            if (r[3] == null) {
                unfinished.merge(List.of(kind, status), 1L, Long::sum);
            } else {
                finished.computeIfAbsent(List.of(kind, status), k -> new DurationBuckets(DurationBuckets.OPERATION_BOUNDS))
                        .add(Math.max(0, ((Number) r[3]).longValue() - ((Number) r[2]).longValue()) / 1000.0);
            }
        }
        GaugeSnapshot.Builder open = GaugeSnapshot.builder().name("dlvm_operations_unfinished")
                .help("operations not finished yet, by kind and status (" + OperationStatus.pending + ", "
                        + OperationStatus.running + ")");
        unfinished.forEach((k, n) -> open.dataPoint(point(n, "kind", k.get(0), "status", k.get(1))));
        HistogramSnapshot.Builder done = HistogramSnapshot.builder().name("dlvm_operation_duration_seconds")
                .help("finished operations by kind and result (succeeded, failed): seconds from the request to the end");
        finished.forEach((k, b) -> done.dataPoint(HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(b.bounds(), b.counts())).sum(b.sumSeconds())
                .labels(Labels.of("kind", k.get(0), "result", k.get(1))).build()));
        return List.of(open.build(), done.build());
    }

    private List<MetricSnapshot> nodes(List<Dpv> dpvList) {
        List<Ihost> ihostList = ihosts.list();
        Map<List<String>, Long> counts = new TreeMap<>(ControllerFigures::compareLabels);
        for (NodeStatus s : NodeStatus.values()) {
            counts.put(List.of("dpv", s.name()), 0L);
            counts.put(List.of("ihost", s.name()), 0L);
        }
        GaugeSnapshot.Builder age = GaugeSnapshot.builder().name("dlvm_node_heartbeat_age_seconds")
                .help("seconds since the node's agent was last heard of (nodes never heard of are left out)");
        Instant now = clock.instant();
        for (Dpv d : dpvList) {
            counts.merge(List.of("dpv", d.status().name()), 1L, Long::sum);
            age(age, "dpv", d.name(), d.lastSeen(), now);
        }
        for (Ihost i : ihostList) {
            counts.merge(List.of("ihost", i.status().name()), 1L, Long::sum);
            age(age, "ihost", i.name(), i.lastSeen(), now);
        }
        GaugeSnapshot.Builder nodes = GaugeSnapshot.builder().name("dlvm_nodes").help("registered nodes by role and status");
        counts.forEach((k, n) -> nodes.dataPoint(point(n, "role", k.get(0), "status", k.get(1))));
        return List.of(nodes.build(), age.build());
    }

    private static void age(GaugeSnapshot.Builder age, String role, String node, String lastSeen, Instant now) {
        if (lastSeen != null) {
            double seconds = Math.max(0, now.toEpochMilli() - Instant.parse(lastSeen).toEpochMilli()) / 1000.0;
            age.dataPoint(point(seconds, "role", role, "node", node));
        }
    }

    private List<MetricSnapshot> capacity(List<Dpv> dpvList) {
        GaugeSnapshot.Builder dvgSize = GaugeSnapshot.builder().name("dlvm_dvg_size_bytes").help("the dvg's capacity: its dpvs' volume groups");
        GaugeSnapshot.Builder dvgFree = GaugeSnapshot.builder().name("dlvm_dvg_free_bytes").help("what the dvg can still give to legs");
        for (Dvg d : dvgs.list()) {
            dvgSize.dataPoint(point(d.totalSize(), "dvg", d.name()));
            dvgFree.dataPoint(point(d.freeSize(), "dvg", d.name()));
        }
        GaugeSnapshot.Builder dpvSize = GaugeSnapshot.builder().name("dlvm_dpv_size_bytes").help("the dpv's volume group size, as its agent reports it");
        GaugeSnapshot.Builder dpvFree = GaugeSnapshot.builder().name("dlvm_dpv_free_bytes").help("what the dpv can still give to legs");
        for (Dpv d : dpvList) {
            String dvg = d.dvg() == null ? "" : d.dvg();
            dpvSize.dataPoint(point(d.totalSize(), "dpv", d.name(), "dvg", dvg));
            dpvFree.dataPoint(point(d.freeSize(), "dpv", d.name(), "dvg", dvg));
        }
        return List.of(dvgSize.build(), dvgFree.build(), dpvSize.build(), dpvFree.build());
    }

    private MetricSnapshot health() {
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("dlvm_dependency_up")
                .help("1 when the controller reaches the dependency (database, broker), else 0");
        for (HealthCheck check : checks.get()) {
            String problem;
            try {
                problem = check.problem();
            } catch (RuntimeException e) {
                problem = e.toString();
            }
            up.dataPoint(point(problem == null ? 1 : 0, "dependency", check.name()));
        }
        return up.build();
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static int compareLabels(List<String> a, List<String> b) {
        return String.join("\u0000", a).compareTo(String.join("\u0000", b));
    }
}
