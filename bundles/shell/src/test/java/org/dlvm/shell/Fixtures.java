package org.dlvm.shell;

import java.util.ArrayList;
import java.util.List;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.LegHealth;
import org.dlvm.api.DlvService;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.Ihost;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
import org.dlvm.api.IhostService;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationService;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Snapshot;

/** In-memory services that record what the commands asked for. */
final class Fixtures {
    static final long GIB = 1024L * 1024 * 1024;

    private Fixtures() {
    }

    static Dpv dpv(String name, String dvg) {
        return new Dpv(name, "10.0.0.1", NodeStatus.available, null, dvg, 100 * GIB, 1536, 2, "2026-11-25T10:00:00Z",
                "0.1.0");
    }

    static Operation operation(String id, OperationStatus status) {
        return new Operation(id, "dpv-register", "dpv/d1", status, null, "2026-11-25T10:00:00Z", null, "karaf");
    }

    static class Dpvs implements DpvService {
        final List<Dpv> dpvs = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public Accepted<Dpv> register(String name, String address, String domain, org.dlvm.api.Requester by) {
            calls.add("register " + name + " " + address + (domain == null ? "" : " in " + domain));
            Dpv d = new Dpv(name, address, NodeStatus.unavailable, "waiting for agent", null, -1, -1, 0, null, null, domain);
            dpvs.add(d);
            return new Accepted<>(d, operation("op-42", OperationStatus.pending));
        }

        @Override
        public Page<Dpv> list(ListQuery query) {
            return new Page<>(dpvs, null);
        }

        @Override
        public Dpv get(String name) {
            return dpvs.stream().filter(d -> d.name().equals(name)).findFirst()
                    .orElseThrow(() -> DlvmException.notFound("dpv", name));
        }

        @Override
        public void delete(String name) {
            calls.add("delete " + name);
            if (!dpvs.removeIf(d -> d.name().equals(name))) {
                throw DlvmException.notFound("dpv", name);
            }
        }

        @Override
        public Dpv setFailureDomain(String name, String domain) {
            calls.add("domain " + name + " " + domain);
            Dpv d = get(name);
            return new Dpv(d.name(), d.address(), d.status(), d.reason(), d.dvg(), d.totalSize(), d.freeSize(), d.legCount(),
                    d.lastSeen(), d.agentVersion(), domain);
        }

        @Override
        public Dpv evacuate(String name) {
            calls.add("evacuate " + name);
            return draining(get(name), true);
        }

        @Override
        public Dpv cancelEvacuation(String name) {
            calls.add("cancel evacuation " + name);
            return draining(get(name), false);
        }

        private static Dpv draining(Dpv d, boolean draining) {
            return new Dpv(d.name(), d.address(), d.status(), d.reason(), d.dvg(), d.totalSize(), d.freeSize(), d.legCount(),
                    d.lastSeen(), d.agentVersion(), d.failureDomain(), draining);
        }
    }

    static class Dvgs implements DvgService {
        final List<String> calls = new ArrayList<>();

        @Override
        public Dvg create(String name, org.dlvm.api.DomainPolicy policy) {
            calls.add("create " + name + " " + policy);
            return new Dvg(name, List.of(), 0, 0, 0, policy);
        }

        @Override
        public Dvg setRepairWindow(String name, Long seconds) {
            calls.add("repair window " + name + " " + seconds);
            return new Dvg(name, List.of(), 0, 0, 0, org.dlvm.api.DomainPolicy.preferred, seconds);
        }

        @Override
        public Dvg setDomainPolicy(String name, org.dlvm.api.DomainPolicy policy) {
            calls.add("policy " + name + " " + policy);
            return new Dvg(name, List.of(), 0, 0, 0, policy);
        }

        @Override
        public Page<Dvg> list(ListQuery query) {
            return new Page<>(List.of(new Dvg("g2", List.of("d3"), GIB, GIB, 0), new Dvg("g1", List.of("d1", "d2"), 0, 0, 1)), null);
        }

        @Override
        public Dvg get(String name) {
            throw DlvmException.notFound("dvg", name);
        }

        @Override
        public Dvg extend(String dvg, String dpv) {
            calls.add("extend " + dvg + " " + dpv);
            return new Dvg(dvg, List.of(dpv), 100 * GIB, 100 * GIB, 0);
        }

        @Override
        public Dvg reduce(String dvg, String dpv) {
            calls.add("reduce " + dvg + " " + dpv);
            throw DlvmException.conflict("dpv_in_use", "dpv '" + dpv + "' still holds 3 legs");
        }

        @Override
        public void delete(String name) {
            calls.add("delete " + name);
        }
    }

    static class Ihosts implements IhostService {
        final List<String> calls = new ArrayList<>();

        @Override
        public Accepted<Ihost> register(String name, String initiatorIqn, org.dlvm.api.Requester by) {
            calls.add("register " + name + " " + initiatorIqn);
            return new Accepted<>(new Ihost(name, initiatorIqn, NodeStatus.unavailable, null, null, List.of(), null),
                    operation("op-7", OperationStatus.running));
        }

        @Override
        public Page<Ihost> list(ListQuery query) {
            return new Page<>(List.of(new Ihost("h1", "iqn.2026-11.org.example:h1", NodeStatus.available, null,
                    "2026-11-25T10:00:00Z", List.of("v1", "v2"), "0.1.0")), null);
        }

        @Override
        public Ihost get(String name) {
            throw DlvmException.notFound("ihost", name);
        }

        @Override
        public void delete(String name) {
            calls.add("delete " + name);
        }
    }

    static class Operations implements OperationService {
        int lastLimit;

        @Override
        public Operation get(String id) {
            if (id.equals("op-1")) {
                return new Operation("op-1", "dvg-extend", "dvg/g1", OperationStatus.failed, "agent timed out",
                        "2026-11-25T10:00:00Z", "2026-11-25T10:01:00Z", "karaf");
            }
            throw DlvmException.notFound("operation", id);
        }

        @Override
        public Page<Operation> list(ListQuery query) {
            lastLimit = query.limit();
            return new Page<>(List.of(operation("op-3", OperationStatus.running), operation("op-1", OperationStatus.failed)), null);
        }
    }

    /** v1: 10 GiB, one stripe of two replicas, attached to h1; a meta and a data mirror. */
    static Dlv dlv(String name, DlvStatus status) {
        List<DlvGroup> groups = List.of(
                new DlvGroup(0, 0, DlvGroup.META, 4L << 20, List.of(new DlvLeg(name + "-m0", "d1", 4L << 20, "ok",
                        LegHealth.in_sync, "rack1"), new DlvLeg(name + "-m1", "d2", 4L << 20, "ok", LegHealth.in_sync, "rack2")),
                        "AA", "idle",
                        100.0),
                new DlvGroup(1, 0, DlvGroup.DATA, 2 * GIB, List.of(new DlvLeg(name + "-d0", "d1", 2 * GIB, "ok",
                        LegHealth.in_sync, "rack1"), new DlvLeg(name + "-d1", "d2", 2 * GIB, "failed", LegHealth.syncing,
                        "rack2")), "Aa",
                        "recover", 41.2));
        return new Dlv(name, "g1", 10 * GIB, 2 * GIB, 1, 2, status, null, "h1", "/dev/mapper/dlvm-" + name,
                List.of("s1"), groups, "2026-11-25T10:00:00Z", "2026-11-25T10:05:00Z");
    }

    static class Dlvs implements DlvService {
        final List<String> calls = new ArrayList<>();
        final List<String> requesters = new ArrayList<>();

        private static Operation op(String kind, String target) {
            return new Operation("op-9", kind, target, OperationStatus.pending, null, "2026-11-25T10:00:00Z", null, "karaf");
        }

        @Override
        public Accepted<Dlv> create(DlvSpec spec, org.dlvm.api.Requester by) {
            calls.add("create " + spec);
            requesters.add(by.user());
            Dlv d = new Dlv(spec.name(), spec.dvg(), spec.size(), spec.dataSize() == null ? spec.size() : spec.dataSize(),
                    spec.stripeNumber(), spec.replicas(), DlvStatus.creating, null, null, null, List.of(), List.of(),
                    "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z");
            return new Accepted<>(d, op("dlv-create", "dlv/" + spec.name()));
        }

        @Override
        public Page<Dlv> list(ListQuery query) {
            return new Page<>(List.of(dlv("v2", DlvStatus.available), dlv("v1", DlvStatus.attached)), null);
        }

        @Override
        public Dlv get(String name) {
            if (name.equals("v1")) {
                return dlv("v1", DlvStatus.degraded);
            }
            throw DlvmException.notFound("dlv", name);
        }

        @Override
        public Accepted<Dlv> delete(String name, org.dlvm.api.Requester by) {
            calls.add("delete " + name);
            throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost 'h1'");
        }

        @Override
        public Accepted<Dlv> attach(String name, String ihost, org.dlvm.api.Requester by) {
            calls.add("attach " + name + " " + ihost);
            return new Accepted<>(dlv(name, DlvStatus.attaching), op("dlv-attach", "dlv/" + name));
        }

        @Override
        public Dlv revert(String name, String snapshot, org.dlvm.api.Requester by) {
            calls.add("revert " + name + " " + snapshot);
            Dlv d = dlv(name, DlvStatus.available);
            return new Dlv(d.name(), d.dvg(), d.size(), d.dataSize(), d.stripeNumber(), d.replicas(), d.status(), d.reason(),
                    null, null, d.snapshots(), d.groups(), d.createdAt(), d.updatedAt(), snapshot);
        }

        @Override
        public Accepted<Dlv> detach(String name, boolean force, org.dlvm.api.Requester by) {
            calls.add("detach " + name + (force ? " force" : ""));
            return new Accepted<>(dlv(name, DlvStatus.detaching), op("dlv-detach", "dlv/" + name));
        }

        @Override
        public Accepted<Dlv> extend(String name, long size, org.dlvm.api.Requester by) {
            calls.add("extend " + name + " " + size);
            return new Accepted<>(dlv(name, DlvStatus.extending), op("dlv-extend", "dlv/" + name));
        }

        @Override
        public Accepted<Snapshot> createSnapshot(String dlv, String snapshot, org.dlvm.api.Requester by) {
            calls.add("snapshot-create " + dlv + " " + snapshot);
            return new Accepted<>(new Snapshot(snapshot, dlv, "creating", "2026-11-25T10:00:00Z"),
                    op("snapshot-create", "snapshot/" + dlv + "/" + snapshot));
        }

        @Override
        public List<Snapshot> snapshots(String dlv) {
            calls.add("snapshots " + dlv);
            return List.of(new Snapshot("s2", dlv, "creating", "2026-11-25T11:00:00Z"),
                    new Snapshot("s1", dlv, "available", "2026-11-25T10:00:00Z"));
        }

        @Override
        public Snapshot snapshot(String dlv, String snapshot) {
            throw DlvmException.notFound("snapshot", dlv + "/" + snapshot);
        }

        @Override
        public Accepted<Snapshot> deleteSnapshot(String dlv, String snapshot, org.dlvm.api.Requester by) {
            calls.add("snapshot-delete " + dlv + " " + snapshot);
            return new Accepted<>(new Snapshot(snapshot, dlv, "deleting", "2026-11-25T10:00:00Z"),
                    op("snapshot-delete", "snapshot/" + dlv + "/" + snapshot));
        }
    }
}
