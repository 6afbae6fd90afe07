package org.dlvm.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvService;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Names;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Snapshot;

/**
 * Records every call before deciding anything, so a test can tell "the resource refused it"
 * (no call) from "the service refused it" (a call, then the service's error). Its rules are a
 * small stand-in for DlvRegistry's: names checked, 404 for unknown objects, 409 on conflicts.
 */
final class FakeDlvService implements DlvService {
    static final String CREATED_AT = "2026-11-25T00:00:00Z";

    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Who asked, call by call. */
    final List<String> requesters = new CopyOnWriteArrayList<>();
    final Map<String, Dlv> dlvs = new ConcurrentHashMap<>();
    final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private int operations;

    void reset() {
        calls.clear();
        requesters.clear();
        dlvs.clear();
        snapshots.clear();
    }

    @Override
    public Accepted<Dlv> create(DlvSpec spec, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("create " + spec);
        Names.require("name", spec.name());
        if (!"g1".equals(spec.dvg())) {
            throw DlvmException.notFound("dvg", spec.dvg());
        }
        long dataSize = spec.dataSize() != null ? spec.dataSize() : spec.size() / 2;
        List<DlvGroup> groups = List.of(
                new DlvGroup(0, 0, DlvGroup.META, 4194304, legs(spec.name(), 0, 4194304)),
                // one mirror as an ihost reports it while a leg is rebuilt: the answer's health fields conform too
                new DlvGroup(1, 0, DlvGroup.DATA, dataSize, List.of(new DlvLeg(spec.name() + "-1-0", "dpv1", dataSize, "ok",
                        org.dlvm.api.LegHealth.in_sync), new DlvLeg(spec.name() + "-1-1", "dpv2", dataSize, "ok",
                        org.dlvm.api.LegHealth.syncing)), "Aa", "recover", 41.2));
        Dlv dlv = spec.source() == null
                ? new Dlv(spec.name(), spec.dvg(), spec.size(), dataSize, spec.stripeNumber(), spec.replicas(),
                        DlvStatus.creating, null, null, null, List.of(), groups, CREATED_AT, CREATED_AT)
                : new Dlv(spec.name(), spec.dvg(), spec.size(), dataSize, spec.stripeNumber(), spec.replicas(),
                        DlvStatus.cloning, null, null, null, List.of(), groups, CREATED_AT, CREATED_AT, null,
                        spec.source().dlv(), spec.source().snapshot() == null ? "clone-" + spec.name()
                                : spec.source().snapshot(), 1L << 20, 4L << 20, 25);
        if (dlvs.putIfAbsent(spec.name(), dlv) != null) {
            throw DlvmException.conflict("exists", "a dlv named '" + spec.name() + "' exists");
        }
        return accepted(dlv, "dlv-create");
    }

    private static List<DlvLeg> legs(String dlv, int group, long size) {
        return List.of(new DlvLeg(dlv + "-" + group + "-0", "dpv1", size, "ok"),
                new DlvLeg(dlv + "-" + group + "-1", "dpv2", size, "ok"));
    }

    @Override
    public Page<Dlv> list(ListQuery query) {
        calls.add("list");
        return new Page<>(List.copyOf(dlvs.values()), null);
    }

    @Override
    public Dlv get(String name) {
        calls.add("get " + name);
        return existing(name);
    }

    @Override
    public Accepted<Dlv> delete(String name, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("delete " + name);
        Dlv d = existing(name);
        if (d.ihost() != null) {
            throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost '" + d.ihost() + "'");
        }
        return accepted(store(with(d, DlvStatus.deleting, null, null, d.size())), "dlv-delete");
    }

    @Override
    public Accepted<Dlv> attach(String name, String ihost, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("attach " + name + " " + ihost);
        Dlv d = existing(name);
        if (d.ihost() != null && !d.ihost().equals(ihost)) {
            throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost '" + d.ihost() + "'");
        }
        return accepted(store(with(d, DlvStatus.attaching, ihost, null, d.size())), "dlv-attach");
    }

    @Override
    public Accepted<Dlv> detach(String name, boolean force, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("detach " + name + (force ? " force" : ""));
        Dlv d = existing(name);
        return accepted(store(with(d, DlvStatus.detaching, d.ihost(), d.devicePath(), d.size())), "dlv-detach");
    }

    @Override
    public Dlv revert(String name, String snapshot, org.dlvm.api.Requester by) {
        requesters.add(by.user());
        calls.add("revert " + name + " " + snapshot);
        Dlv d = existing(name);
        if (d.ihost() != null) {
            throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost '" + d.ihost() + "'");
        }
        Dlv reverted = new Dlv(d.name(), d.dvg(), d.size(), d.dataSize(), d.stripeNumber(), d.replicas(), d.status(),
                d.reason(), d.ihost(), d.devicePath(), d.snapshots(), d.groups(), d.createdAt(), d.updatedAt(), snapshot);
        return store(reverted);
    }

    @Override
    public Accepted<Dlv> extend(String name, long size, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("extend " + name + " " + size);
        Dlv d = existing(name);
        if (size <= d.size()) {
            throw DlvmException.invalid("not_larger", "size " + size + " is not larger than " + d.size());
        }
        return accepted(store(with(d, DlvStatus.extending, d.ihost(), d.devicePath(), size)), "dlv-extend");
    }

    @Override
    public Accepted<Snapshot> createSnapshot(String dlv, String snapshot, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("snapshot-create " + dlv + " " + snapshot);
        existing(dlv);
        Names.require("name", snapshot);
        Snapshot s = new Snapshot(snapshot, dlv, "creating", CREATED_AT);
        if (snapshots.putIfAbsent(dlv + "/" + snapshot, s) != null) {
            throw DlvmException.conflict("exists", "dlv '" + dlv + "' has a snapshot named '" + snapshot + "'");
        }
        return accepted(s, "snapshot-create");
    }

    @Override
    public List<Snapshot> snapshots(String dlv) {
        calls.add("snapshots " + dlv);
        existing(dlv);
        List<Snapshot> of = new ArrayList<>();
        for (Snapshot s : snapshots.values()) {
            if (s.dlv().equals(dlv)) {
                of.add(s);
            }
        }
        return of;
    }

    @Override
    public Snapshot snapshot(String dlv, String snapshot) {
        calls.add("snapshot " + dlv + " " + snapshot);
        return existingSnapshot(dlv, snapshot);
    }

    @Override
    public Accepted<Snapshot> deleteSnapshot(String dlv, String snapshot, org.dlvm.api.Requester by) {
            requesters.add(by.user());
        calls.add("snapshot-delete " + dlv + " " + snapshot);
        Snapshot s = existingSnapshot(dlv, snapshot);
        Snapshot deleting = new Snapshot(s.name(), s.dlv(), "deleting", s.createdAt());
        snapshots.put(dlv + "/" + snapshot, deleting);
        return accepted(deleting, "snapshot-delete");
    }

    /** A dlv already attached to {@code ihost}, for the 409 paths. */
    void storeAttached(String name, String ihost) {
        dlvs.put(name, new Dlv(name, "g1", 1073741824L, 536870912L, 1, 2, DlvStatus.attached, null, ihost,
                "/dev/mapper/dlvm-" + name, List.of(), List.of(), CREATED_AT, CREATED_AT));
    }

    private Dlv existing(String name) {
        Dlv d = dlvs.get(name);
        if (d == null) {
            throw DlvmException.notFound("dlv", name);
        }
        return d;
    }

    private Snapshot existingSnapshot(String dlv, String snapshot) {
        existing(dlv);
        Snapshot s = snapshots.get(dlv + "/" + snapshot);
        if (s == null) {
            throw DlvmException.notFound("snapshot", dlv + "/" + snapshot);
        }
        return s;
    }

    private Dlv store(Dlv d) {
        dlvs.put(d.name(), d);
        return d;
    }

    private static Dlv with(Dlv d, DlvStatus status, String ihost, String devicePath, long size) {
        return new Dlv(d.name(), d.dvg(), size, d.dataSize(), d.stripeNumber(), d.replicas(), status, d.reason(), ihost,
                devicePath, d.snapshots(), d.groups(), d.createdAt(), d.updatedAt());
    }

    private synchronized <T> Accepted<T> accepted(T object, String kind) {
        operations++;
        String target = object instanceof Snapshot ? "snapshot/" + ((Snapshot) object).dlv() + "/"
                + ((Snapshot) object).name() : "dlv/" + ((Dlv) object).name();
        return new Accepted<>(object, new Operation(String.format("op-%d", operations), kind, target,
                OperationStatus.pending, null, CREATED_AT, null, requesters.isEmpty() ? null : requesters.get(requesters.size() - 1)));
    }
}
