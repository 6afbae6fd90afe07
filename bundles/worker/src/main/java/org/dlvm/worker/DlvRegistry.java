package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.dlvm.api.Accepted;
import org.dlvm.api.Requester;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
import org.dlvm.api.Names;
import org.dlvm.api.Snapshot;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.SnapshotEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The dlv requests: each checks the input and the dlv's state, stores the transitional status,
 * the legs it allocates and the operation in one transaction, and hands the operation to the
 * worker (DlvSteps does the node work). A request that cannot start changes nothing.
 */
// the Worker designates the configuration's metatype; this reads the same pid
@Component(service = DlvService.class, configurationPid = ControllerConfig.PID)
public class DlvRegistry implements DlvService {
    private final Store store;
    private final WorkQueue queue;
    private final ControllerConfig config;
    private final Clock clock;
    private final LegReservations reservations = new LegReservations();

    @Activate
    public DlvRegistry(@Reference Store store, @Reference WorkQueue queue, ControllerConfig config) {
        this(store, queue, config, Clock.systemUTC());
    }

    DlvRegistry(Store store, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Accepted<Dlv> create(DlvSpec spec, Requester by) {
        Names.require("name", spec.name());
        Names.require("dvg", spec.dvg());
        DlvGeometry.checkShape(spec.stripeNumber(), spec.replicas());
        long size = DlvGeometry.roundedSize("size", spec.size(), spec.stripeNumber());
        long dataSize = spec.dataSize() == null ? size
                : DlvGeometry.roundedSize("data_size", spec.dataSize(), spec.stripeNumber());
        if (dataSize > size) {
            throw DlvmException.invalid("out_of_range", "data_size (" + spec.dataSize() + ") must not exceed size ("
                    + spec.size() + ")");
        }
        if (spec.source() != null) {
            return createClone(spec, size, by);
        }
        return submit(em -> {
            long now = clock.millis();
            DvgRegistry.lock(em, spec.dvg());
            DlvEntity existing = em.find(DlvEntity.class, spec.name(), LockModeType.PESSIMISTIC_WRITE);
            if (existing != null) {
                boolean sameRequest = existing.getDvg().equals(spec.dvg()) && existing.getSize() == size
                        && existing.getStripeNumber() == spec.stripeNumber() && existing.getReplicas() == spec.replicas();
                if (isFailed(existing, OperationKind.DLV_CREATE) && sameRequest) {
                    return start(em, by, existing, DlvStatus.creating, OperationKind.DLV_CREATE, createArgs(existing), now);
                }
                throw DlvmException.conflict("exists", "a dlv named '" + spec.name() + "' exists (" + existing.getStatus()
                        + ")");
            }
            DlvEntity dlv = new DlvEntity(spec.name(), spec.dvg(), size, dataSize, spec.stripeNumber(), spec.replicas(),
                    config.thin_block_sectors(), config.stripe_chunk_sectors(), config.mirror_region_sectors(), now);
            dlv.setState(DlvStatus.creating.name(), null, OperationKind.DLV_CREATE.wireName, now);
            em.persist(dlv);
            List<LegEntity> legs = reservations.reserve(em, dlv, DlvGeometry.newDlv(size, dataSize, spec.stripeNumber(),
                    config.thin_block_sectors()), now);
            // the view from the rows just made: reading them back would cost a flush and a query under the dvg's lock
            return start(em, by, dlv, DlvStatus.creating, OperationKind.DLV_CREATE, createArgs(dlv), now,
                    d -> DlvViews.dlv(d, legs, List.of()));
        });
    }

    /** The name of the snapshot a clone of a dlv copies, taken with the clone's request. */
    static String cloneSnapshotName(String clone) {
        return "clone-" + clone;
    }

    /**
     * A clone: its row and legs as for a new dlv (fully provisioned: the copy fills its pools as
     * much as the source's), and the snapshot it copies, taken now by an operation of the source
     * (crash-consistent across every stripe: one suspend of the source's device) unless the
     * request names one. The copy runs on the ihost that serves the source, where its pools run: a
     * detached source is attached to the configured {@code clone_ihost} by an operation of its own
     * in the same request (and detached after its last clone), and, as nothing writes to it, its
     * head is copied without a snapshot.
     */
    private Accepted<Dlv> createClone(DlvSpec spec, long size, Requester by) {
        String sourceName = spec.source().dlv();
        Names.require("source.dlv", sourceName);
        if (spec.source().snapshot() != null) {
            Names.require("source.snapshot.name", spec.source().snapshot());
        }
        // the operations to submit come out of the transaction with its answer: a retried transaction starts afresh
        record Started(Accepted<Dlv> accepted, List<String> operations) {
        }
        Started done = store.inTransaction(em -> {
            List<String> submitted = new ArrayList<>();
            long now = clock.millis();
            // lock order: the dvg, then dlvs in name order
            DvgRegistry.lock(em, spec.dvg());
            boolean sourceFirst = sourceName.compareTo(spec.name()) < 0;
            DlvEntity source = sourceFirst ? lock(em, sourceName) : null;
            DlvEntity existing = em.find(DlvEntity.class, spec.name(), LockModeType.PESSIMISTIC_WRITE);
            if (source == null) {
                source = lock(em, sourceName);
            }
            if (existing != null) {
                throw DlvmException.conflict("exists", "a dlv named '" + spec.name() + "' exists (" + existing.getStatus()
                        + ")");
            }
            if (sourceName.equals(spec.name())) {
                throw DlvmException.invalid("invalid", "a dlv cannot be a clone of itself");
            }
            if (size < source.getSize()) {
                throw DlvmException.invalid("too_small", "size " + spec.size() + " is smaller than source dlv '"
                        + sourceName + "' (" + source.getSize() + " bytes): a clone is the source's size or larger");
            }
            boolean served = org.dlvm.worker.health.DlvHealth.isServed(source.getStatus());
            String serviceIhost = served ? null : serviceIhost(em, source);
            // a source served only for clones is written by nobody: its head is copied as a detached one's
            boolean temporary = served && !source.isServedForClones() && spec.source().snapshot() == null;
            String snapshot = temporary ? cloneSnapshotName(spec.name()) : spec.source().snapshot();
            if (temporary) {
                // the clone's name with a prefix: it may no longer fit the rule
                Names.require("name", snapshot);
            }
            SnapshotEntity snap = snapshot == null ? null
                    : em.find(SnapshotEntity.class, SnapshotEntity.key(sourceName, snapshot));
            OperationEntity snapshotOp = null;
            if (snapshot == null) {
                // a detached source's head: nothing writes to it while it is attached for its clones
            } else if (temporary) {
                if (snap != null) {
                    throw DlvmException.conflict("exists", "source dlv '" + sourceName + "' has a snapshot named '"
                            + snapshot + "' already (" + snap.getStatus() + "), which a clone named '" + spec.name()
                            + "' would take");
                }
                Operations.requireIdle(em, OperationKind.SNAPSHOT_CREATE.target(sourceName));
                em.persist(new SnapshotEntity(sourceName, snapshot, source.takeThinId(), "creating", now));
                snapshotOp = Operations.create(em, OperationKind.SNAPSHOT_CREATE, sourceName,
                        new OperationArgs.SnapshotCreate(snapshot), by, now);
            } else if (snap == null) {
                throw DlvmException.notFound("snapshot", sourceName + "/" + snapshot);
            } else if (!"available".equals(snap.getStatus())) {
                throw DlvmException.conflict("snapshot_not_available", "snapshot '" + snapshot + "' of dlv '"
                        + sourceName + "' is " + snap.getStatus() + ": only an available snapshot can be cloned");
            }
            DlvEntity dlv = new DlvEntity(spec.name(), spec.dvg(), size, size, spec.stripeNumber(), spec.replicas(),
                    config.thin_block_sectors(), config.stripe_chunk_sectors(), config.mirror_region_sectors(), now);
            dlv.setCloneSource(sourceName, snapshot);
            dlv.setState(DlvStatus.cloning.name(), null, OperationKind.DLV_CLONE.wireName, now);
            em.persist(dlv);
            List<LegEntity> legs = reservations.reserve(em, dlv, DlvGeometry.newDlv(size, size, spec.stripeNumber(),
                    config.thin_block_sectors()), now);
            Accepted<Dlv> started = start(em, by, dlv, DlvStatus.cloning, OperationKind.DLV_CLONE,
                    new OperationArgs.DlvClone(sourceName, snapshot, temporary), now,
                    d -> DlvViews.dlv(d, legs, List.of()));
            if (serviceIhost != null) {
                Operations.requireIdle(em, OperationKind.DLV_ATTACH.target(sourceName));
                source.setIhost(serviceIhost);
                source.setServedForClones(true);
                source.setState(DlvStatus.attaching.name(), null, OperationKind.DLV_ATTACH.wireName, now);
                submitted.add(Operations.create(em, OperationKind.DLV_ATTACH, sourceName,
                        new OperationArgs.DlvAttach(serviceIhost), by, now).getId());
            }
            if (snapshotOp != null) {
                submitted.add(snapshotOp.getId());
            }
            submitted.add(started.operation().id());
            return new Started(started, submitted);
        });
        done.operations().forEach(id -> Submission.submit(queue, id));
        return done.accepted();
    }

    /** The ihost a detached source is attached to for its clones; 409 not_attached when there is none. */
    private String serviceIhost(EntityManager em, DlvEntity source) {
        String name = config.clone_ihost() == null ? "" : config.clone_ihost().trim();
        if (!DlvStatus.available.name().equals(source.getStatus()) || name.isEmpty()) {
            throw DlvmException.conflict("not_attached", "source dlv '" + source.getName() + "' is " + source.getStatus()
                    + ": attach it to clone it (the ihost that serves it runs its pools and copies them)"
                    + (name.isEmpty() && DlvStatus.available.name().equals(source.getStatus())
                            ? ", or set clone_ihost in the controller's configuration" : ""));
        }
        IhostEntity ihost = em.find(IhostEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (ihost == null || ihost.getInitiatorIqn() == null) {
            throw DlvmException.conflict("ihost_unknown", "clone_ihost '" + name + "', which serves detached dlvs for"
                    + " their clones, is " + (ihost == null ? "not a registered ihost" : "not available yet"));
        }
        return name;
    }

    /**
     * A source attached for its clones goes back to detached after the last one ended: the detach
     * operation, answered to be submitted after the commit (it waits behind the source's other
     * operations, such as the delete of a snapshot taken for a clone). Null while another clone copies
     * from it.
     */
    static String releaseSource(EntityManager em, String source, String clone, long now) {
        DlvEntity dlv = em.find(DlvEntity.class, source, LockModeType.PESSIMISTIC_WRITE);
        if (dlv == null || !dlv.isServedForClones() || !org.dlvm.worker.health.DlvHealth.isServed(dlv.getStatus())
                || clonesOf(em, source).stream().anyMatch(c -> !c.equals(clone))) {
            return null;
        }
        dlv.setServedForClones(false);
        dlv.setState(DlvStatus.detaching.name(), null, OperationKind.DLV_DETACH.wireName, now);
        return Operations.create(em, OperationKind.DLV_DETACH, source, new OperationArgs.DlvDetach(false),
                Requester.CONTROLLER, now).getId();
    }

    /** The clones that copy from the dlv now (their delete may still be ending the copy). */
    static List<String> clonesOf(EntityManager em, String source) {
        return clonesOf(em, source, null);
    }

    /** The clones that copy snapshot {@code snapshot} of the dlv now; null: any of its snapshots or its head. */
    private static List<String> clonesOf(EntityManager em, String source, String snapshot) {
        javax.persistence.TypedQuery<String> query = em.createQuery("select d.name from DlvEntity d where"
                + " d.cloneSourceDlv = :s and d.status in :copying" + (snapshot == null ? ""
                        : " and d.cloneSourceSnapshot = :n") + " order by d.name", String.class)
                .setParameter("s", source)
                .setParameter("copying", List.of(DlvStatus.cloning.name(), DlvStatus.deleting.name()));
        return (snapshot == null ? query : query.setParameter("n", snapshot)).getResultList();
    }

    private static void requireNoClones(EntityManager em, String source, String what) {
        List<String> clones = clonesOf(em, source);
        if (!clones.isEmpty()) {
            throw DlvmException.conflict("clone_source", "cannot " + what + " dlv '" + source + "' while clone "
                    + String.join(", ", clones) + " copies from it; wait until it is available, or delete it");
        }
    }

    /**
     * The snapshot taken for a clone goes once the copy ended (copied, failed or cancelled): marked
     * deleting, with the operation of its dlv that deletes it (answered, to be submitted after the
     * commit; it waits behind any other operation of that dlv). Null when it is gone or going
     * already, or its dlv is no longer served (then it stays, visible, for its user to delete).
     */
    static String releaseCloneSnapshot(EntityManager em, String source, String snapshot, long now) {
        DlvEntity dlv = em.find(DlvEntity.class, source, LockModeType.PESSIMISTIC_WRITE);
        SnapshotEntity snap = em.find(SnapshotEntity.class, SnapshotEntity.key(source, snapshot));
        if (dlv == null || snap == null || "deleting".equals(snap.getStatus())
                || !org.dlvm.worker.health.DlvHealth.isServed(dlv.getStatus())) {
            return null;
        }
        snap.setState("deleting", null);
        return Operations.create(em, OperationKind.SNAPSHOT_DELETE, source, new OperationArgs.SnapshotDelete(snapshot),
                Requester.CONTROLLER, now).getId();
    }

    @Override
    public Page<Dlv> list(ListQuery query) {
        DlvStatus status = query.statusAs(DlvStatus.class);
        return store.inTransaction(em -> NamePages.pageOf(em, DlvEntity.class, query, NamePages.filters("status",
                status == null ? null : status.name(), "dvg", query.dvg(), "ihost", query.ihost()), DlvEntity::getName,
                rows -> DlvViews.dlvs(em, rows)));
    }

    @Override
    public Dlv get(String name) {
        Names.require("name", name);
        return store.inTransaction(em -> DlvViews.dlv(em, find(em, name)));
    }

    /** Also the way out of a failed attach or create: it detaches first when an ihost may hold the dlv. */
    @Override
    public Accepted<Dlv> delete(String name, Requester by) {
        Names.require("name", name);
        return submit(em -> {
            DlvEntity dlv = lock(em, name);
            DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
            if (status == DlvStatus.attached || status == DlvStatus.degraded) {
                throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost '" + dlv.getIhost()
                        + "'; detach it first");
            }
            if (status == DlvStatus.cloning) {
                // the clone's own operation ends the copy and deletes it: the answer is that operation
                List<OperationEntity> copying = Operations.unfinished(em, OperationKind.DLV_CLONE.target(name)).stream()
                        .filter(o -> OperationKind.DLV_CLONE.wireName.equals(o.getKind())).toList();
                if (!copying.isEmpty()) {
                    dlv.setState(DlvStatus.deleting.name(), "its copy is being cancelled", null, clock.millis());
                    return new Accepted<>(DlvViews.dlv(em, dlv), Views.operation(copying.get(0)));
                }
            }
            requireNoClones(em, name, "delete");
            return start(em, by, dlv, DlvStatus.deleting, OperationKind.DLV_DELETE, new OperationArgs.DlvDelete(), clock.millis());
        });
    }

    @Override
    public Accepted<Dlv> attach(String name, String ihostName, Requester by) {
        Names.require("name", name);
        Names.require("ihost", ihostName);
        return submit(em -> {
            DlvEntity dlv = lock(em, name);
            IhostEntity ihost = IhostRegistry.lock(em, ihostName);
            if (dlv.getIhost() != null && !dlv.getIhost().equals(ihostName)) {
                throw DlvmException.conflict("attached_elsewhere", "dlv '" + name + "' is attached to ihost '"
                        + dlv.getIhost() + "'; detach it first");
            }
            DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
            if (status == DlvStatus.attached || status == DlvStatus.degraded) {
                throw DlvmException.conflict("attached", "dlv '" + name + "' is already attached to ihost '" + ihostName
                        + "'");
            }
            if (status != DlvStatus.available && !isFailed(dlv, OperationKind.DLV_ATTACH)) {
                throw stateConflict(dlv, "attach");
            }
            if (ihost.getInitiatorIqn() == null) {
                throw DlvmException.conflict("ihost_unknown", "ihost '" + ihostName
                        + "' has not told its initiator name yet: wait until it is available");
            }
            dlv.setIhost(ihostName);
            return start(em, by, dlv, DlvStatus.attaching, OperationKind.DLV_ATTACH, new OperationArgs.DlvAttach(ihostName),
                    clock.millis());
        });
    }

    @Override
    public Accepted<Dlv> detach(String name, boolean force, Requester by) {
        Names.require("name", name);
        return submit(em -> {
            DlvEntity dlv = lock(em, name);
            DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
            boolean attached = status == DlvStatus.attached || status == DlvStatus.degraded;
            boolean failedWithIhost = status == DlvStatus.error && dlv.getIhost() != null;
            if (!attached && !failedWithIhost) {
                throw DlvmException.conflict("not_attached", "dlv '" + name + "' is not attached (" + status + ")");
            }
            requireNoClones(em, name, "detach");
            if (force) {
                List<String> down = DetachDlv.unreachableExporters(em, name);
                if (!down.isEmpty()) {
                    throw DlvmException.conflict("cannot_fence", "dlv '" + name + "' cannot be detached by force now: dpv "
                            + String.join(", ", down) + " (unavailable) may still export its legs to ihost '"
                            + dlv.getIhost() + "', and only they can stop that; retry when they are back");
                }
            }
            return start(em, by, dlv, DlvStatus.detaching, OperationKind.DLV_DETACH, new OperationArgs.DlvDetach(force),
                    clock.millis());
        });
    }

    @Override
    public Accepted<Dlv> extend(String name, long size, Requester by) {
        Names.require("name", name);
        return submit(em -> {
            // lock order: the dvg (its leg reservations) before the dlv
            DvgRegistry.lock(em, find(em, name).getDvg());
            DlvEntity dlv = lock(em, name);
            long newSize = DlvGeometry.roundedSize("size", size, dlv.getStripeNumber());
            DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
            long now = clock.millis();
            if (isFailed(dlv, OperationKind.DLV_EXTEND) && newSize == dlv.getTargetSize()) {
                return start(em, by, dlv, DlvStatus.extending, OperationKind.DLV_EXTEND,
                        new OperationArgs.DlvExtend(newSize), now);
            }
            if (newSize <= dlv.getSize()) {
                throw DlvmException.invalid("not_larger", "size " + size + " is not larger than dlv '" + name + "''s "
                        + dlv.getSize() + " bytes");
            }
            if (status != DlvStatus.available && status != DlvStatus.attached) {
                throw stateConflict(dlv, "extend");
            }
            Operations.requireIdle(em, OperationKind.DLV_EXTEND.target(name));
            List<LegEntity> legs = DlvViews.legs(em, name);
            int stripes = dlv.getStripeNumber();
            List<Long> metaBytes = new ArrayList<>();
            List<Integer> dataMirrors = new ArrayList<>();
            List<Integer> metaMirrors = new ArrayList<>();
            for (int m = 0; m < stripes; m++) {
                int member = m;
                metaBytes.add(legs.stream().filter(l -> l.getMember() == member && "meta".equals(l.getKind())
                        && l.getPosition() == 0).mapToLong(l -> DlvGeometry.carriedBytes(l.getSize())).sum());
                metaMirrors.add(DlvViews.mirrorCount(legs, member, "meta"));
                dataMirrors.add(DlvViews.mirrorCount(legs, member, "data"));
            }
            reservations.reserve(em, dlv, DlvGeometry.extension(dlv.getSize(), newSize, stripes, dlv.getThinBlockSectors(), metaBytes,
                    dataMirrors, metaMirrors), now);
            dlv.setTargetSize(newSize);
            return start(em, by, dlv, DlvStatus.extending, OperationKind.DLV_EXTEND, new OperationArgs.DlvExtend(newSize), now);
        });
    }


    /**
     * Only rows change: the dlv is detached, so its pools run nowhere and nothing writes to it
     * until the attach that carries the revert out (before the device appears). No operation is
     * needed, and none can half-do it.
     */
    @Override
    public Dlv revert(String name, String snapshot, Requester by) {
        Names.require("name", name);
        Names.require("snapshot", snapshot);
        return store.inTransaction(em -> {
            DlvEntity dlv = lock(em, name);
            SnapshotEntity snap = findSnapshot(em, name, snapshot);
            DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
            if (status == DlvStatus.attached || status == DlvStatus.degraded) {
                throw DlvmException.conflict("attached", "dlv '" + name + "' is attached to ihost '" + dlv.getIhost()
                        + "': detach it before reverting it to snapshot '" + snapshot + "'");
            }
            if (status != DlvStatus.available) {
                throw stateConflict(dlv, "revert");
            }
            if (!"available".equals(snap.getStatus())) {
                throw DlvmException.conflict("snapshot_not_available", "snapshot '" + snapshot + "' of dlv '" + name
                        + "' is " + snap.getStatus() + ": only an available snapshot can be reverted to");
            }
            dlv.setRevert(snapshot, snap.getThinId());
            dlv.setState(status.name(), null, null, clock.millis());
            return DlvViews.dlv(em, dlv);
        });
    }

    @Override
    public Accepted<Snapshot> createSnapshot(String dlvName, String snapshot, Requester by) {
        Names.require("name", dlvName);
        Names.require("snapshot", snapshot);
        Accepted<Snapshot> accepted = store.inTransaction(em -> {
            DlvEntity dlv = lock(em, dlvName);
            long now = clock.millis();
            SnapshotEntity existing = em.find(SnapshotEntity.class, SnapshotEntity.key(dlvName, snapshot));
            if (existing != null && !"error".equals(existing.getStatus())) {
                throw DlvmException.conflict("exists", "dlv '" + dlvName + "' has a snapshot named '" + snapshot + "' ("
                        + existing.getStatus() + ")");
            }
            requireServed(dlv, "take a snapshot");
            Operations.requireIdle(em, OperationKind.SNAPSHOT_CREATE.target(dlvName));
            SnapshotEntity snap = existing;
            if (snap == null) {
                snap = new SnapshotEntity(dlvName, snapshot, dlv.takeThinId(), "creating", now);
                em.persist(snap);
            } else {
                snap.setState("creating", null);
            }
            OperationEntity op = Operations.create(em, OperationKind.SNAPSHOT_CREATE, dlvName,
                    new OperationArgs.SnapshotCreate(snapshot), by, now);
            return new Accepted<>(DlvViews.snapshot(snap), Views.operation(op));
        });
        Submission.submit(queue, accepted.operation().id());
        return accepted;
    }

    @Override
    public List<Snapshot> snapshots(String dlvName) {
        Names.require("name", dlvName);
        return store.inTransaction(em -> {
            find(em, dlvName);
            return DlvViews.snapshots(em, dlvName).stream().map(DlvViews::snapshot).toList();
        });
    }

    @Override
    public Snapshot snapshot(String dlvName, String snapshot) {
        Names.require("name", dlvName);
        Names.require("snapshot", snapshot);
        return store.inTransaction(em -> DlvViews.snapshot(findSnapshot(em, dlvName, snapshot)));
    }

    @Override
    public Accepted<Snapshot> deleteSnapshot(String dlvName, String snapshot, Requester by) {
        Names.require("name", dlvName);
        Names.require("snapshot", snapshot);
        Accepted<Snapshot> accepted = store.inTransaction(em -> {
            DlvEntity dlv = lock(em, dlvName);
            SnapshotEntity snap = findSnapshot(em, dlvName, snapshot);
            List<String> copying = clonesOf(em, dlvName, snapshot);
            if (!copying.isEmpty()) {
                throw DlvmException.conflict("clone_source", "snapshot '" + snapshot + "' of dlv '" + dlvName
                        + "' is being copied by clone " + String.join(", ", copying) + "; wait until it is available");
            }
            Operations.requireIdle(em, OperationKind.SNAPSHOT_DELETE.target(dlvName));
            requireServed(dlv, "delete a snapshot");
            snap.setState("deleting", null);
            OperationEntity op = Operations.create(em, OperationKind.SNAPSHOT_DELETE, dlvName,
                    new OperationArgs.SnapshotDelete(snapshot), by, clock.millis());
            return new Accepted<>(DlvViews.snapshot(snap), Views.operation(op));
        });
        Submission.submit(queue, accepted.operation().id());
        return accepted;
    }

    /**
     * Snapshots are pool messages, which only the ihost that serves the dlv can send: a detached
     * dlv's pools are not assembled anywhere.
     */
    private static void requireServed(DlvEntity dlv, String what) {
        DlvStatus status = DlvStatus.valueOf(dlv.getStatus());
        if (status != DlvStatus.attached && status != DlvStatus.degraded) {
            throw DlvmException.conflict("not_attached", "dlv '" + dlv.getName() + "' is " + status + ": attach it to "
                    + what + " (its thin pools run on the ihost it is attached to)");
        }
    }

    // ---- shared

    private interface Change {
        Accepted<Dlv> apply(EntityManager em);
    }

    private Accepted<Dlv> submit(Change change) {
        Accepted<Dlv> accepted = store.inTransaction(change::apply);
        Submission.submit(queue, accepted.operation().id());
        return accepted;
    }

    private Accepted<Dlv> start(EntityManager em, Requester by, DlvEntity dlv, DlvStatus status, OperationKind kind,
            OperationArgs args, long now) {
        return start(em, by, dlv, status, kind, args, now, d -> DlvViews.dlv(em, d));
    }

    private Accepted<Dlv> start(EntityManager em, Requester by, DlvEntity dlv, DlvStatus status, OperationKind kind,
            OperationArgs args, long now, Function<DlvEntity, Dlv> view) {
        Operations.requireIdle(em, kind.target(dlv.getName()));
        dlv.setState(status.name(), null, kind.wireName, now);
        OperationEntity op = Operations.create(em, kind, dlv.getName(), args, by, now);
        return new Accepted<>(view.apply(dlv), Views.operation(op));
    }

    private static OperationArgs createArgs(DlvEntity dlv) {
        return new OperationArgs.DlvCreate(dlv.getSize(), dlv.getDataSize(), dlv.getStripeNumber(), dlv.getReplicas());
    }

    /** A request repeated after its operation failed retries it. */
    private static boolean isFailed(DlvEntity dlv, OperationKind kind) {
        return DlvStatus.error.name().equals(dlv.getStatus()) && kind.wireName.equals(dlv.getLastOperation());
    }

    private static DlvmException stateConflict(DlvEntity dlv, String what) {
        String why = dlv.getReason() == null ? "" : " (" + dlv.getReason() + ")";
        return DlvmException.conflict("wrong_state", "cannot " + what + " dlv '" + dlv.getName() + "' while it is "
                + dlv.getStatus() + why);
    }

    static DlvEntity find(EntityManager em, String name) {
        return found(em.find(DlvEntity.class, name), name);
    }

    /**
     * The dlv's row, locked until the transaction ends: every request that changes a dlv takes it
     * first, so of two at once the second sees what the first did (and answers 409 busy).
     */
    static DlvEntity lock(EntityManager em, String name) {
        return found(em.find(DlvEntity.class, name, LockModeType.PESSIMISTIC_WRITE), name);
    }

    private static DlvEntity found(DlvEntity dlv, String name) {
        if (dlv == null) {
            throw DlvmException.notFound("dlv", name);
        }
        return dlv;
    }

    private static SnapshotEntity findSnapshot(EntityManager em, String dlv, String snapshot) {
        find(em, dlv);
        SnapshotEntity snap = em.find(SnapshotEntity.class, SnapshotEntity.key(dlv, snapshot));
        if (snap == null) {
            throw DlvmException.notFound("snapshot", dlv + "/" + snapshot);
        }
        return snap;
    }
}
