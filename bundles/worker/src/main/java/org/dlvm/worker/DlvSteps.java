package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.Actions;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.Args;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.SnapshotEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;

/**
 * The node work of the dlv operations. Each finished step is recorded at once in its own short
 * transaction (a leg's status: allocated → created → exported), which also renews the lock's
 * lease and stops the operation if another worker took the lock over; every agent action is
 * idempotent, so an operation resumed after a crash repeats at most the step it was in.
 */
final class DlvSteps {
    private final Store store;
    private final AgentGateway agents;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();

    private final LeaseKeeper lease;

    DlvSteps(Store store, AgentGateway agents, Clock clock, LeaseKeeper lease) {
        this.store = store;
        this.agents = agents;
        this.clock = clock;
        this.lease = lease;
    }

    /** A step that failed: the operation ends failed with this reason, which the object shows. */
    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /** Another worker holds the lock now: stop without touching nodes or rows again. */
    private static final class LockLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LockLost(String message) {
            super(message);
        }
    }

    /** A leg as the steps need it, read inside a transaction and used outside. */
    private record Leg(String name, String dpv, long size, String kind, String status, String chapUser,
            String chapPassword) {
        static Leg of(LegEntity l) {
            return new Leg(l.getName(), l.getDpv(), l.getSize(), l.getKind(), l.getStatus(), l.getChapUser(),
                    l.getChapPassword());
        }
    }

    Outcome run(Started op) {
        String dlv = OperationKind.objectName(op.target());
        try {
            return switch (op.kind()) {
            case DLV_CREATE -> {
                createLegs(op, dlv);
                yield succeeded((em, d, now) -> d.setState(DlvStatus.available.name(), null, null, now), dlv);
            }
            case DLV_ATTACH -> attach(op, dlv);
            case DLV_DETACH -> {
                detach(op, dlv);
                yield succeeded(DlvSteps::detached, dlv);
            }
            case DLV_DELETE -> delete(op, dlv);
            case DLV_EXTEND -> extend(op, dlv);
            case SNAPSHOT_CREATE -> createSnapshot(op, dlv, ((OperationArgs.SnapshotCreate) op.args()).snapshot());
            case SNAPSHOT_DELETE -> deleteSnapshot(op, dlv, ((OperationArgs.SnapshotDelete) op.args()).snapshot());
            case DPV_REGISTER, IHOST_REGISTER -> throw new IllegalStateException(op.kind() + " is not a dlv operation");
            };
        } catch (StepFailed e) {
            String why = e.getMessage();
            return new Outcome(OperationStatus.failed, why, (em, now) -> {
                DlvEntity d = em.find(DlvEntity.class, dlv);
                if (d != null) {
                    d.setState(DlvStatus.error.name(), why, null, now);
                }
            });
        } catch (LockLost e) {
            return new Outcome(OperationStatus.failed, e.getMessage(), (em, now) -> {
            });
        }
    }

    // ---- operations

    private void createLegs(Started op, String dlv) throws StepFailed {
        for (Leg leg : legs(op, dlv)) {
            if (!LegEntity.ALLOCATED.equals(leg.status())) {
                continue;
            }
            AgentReply reply = dpvStep(op, leg, Actions.LEG_CREATE, Map.of(Args.LEG, leg.name(), Args.SIZE, leg.size(),
                    Args.HOLDS_METADATA, "meta".equals(leg.kind())), "create");
            step(op, em -> {
                em.find(LegEntity.class, leg.name()).setStatus(LegEntity.CREATED);
                seen(em, leg.dpv(), reply);
                return null;
            });
        }
    }

    private Outcome attach(Started op, String dlv) throws StepFailed {
        String iqn = step(op, em -> {
            IhostEntity ihost = em.find(IhostEntity.class, DlvRegistry.find(em, dlv).getIhost());
            return ihost == null ? null : ihost.getInitiatorIqn();
        });
        if (iqn == null) {
            throw new StepFailed("the ihost of dlv '" + dlv + "' is gone or has no initiator name");
        }
        Set<String> down = exportLegs(op, dlv, iqn);
        AgentReply reply = ihostStep(op, dlv, Actions.DLV_ASSEMBLE, layout(op, dlv, false, down), Map.of());
        return succeeded((em, d, now) -> served(em, d, reply, now), dlv);
    }

    /** Exports every leg not yet exported to {@code iqn}; answers the dpvs that did not answer (their legs stay out). */
    private Set<String> exportLegs(Started op, String dlv, String iqn) throws StepFailed {
        Set<String> down = new HashSet<>(step(op, em -> unavailableDpvs(em)));
        for (Leg leg : legs(op, dlv)) {
            if (down.contains(leg.dpv()) || LegEntity.EXPORTED.equals(leg.status())) {
                continue;
            }
            Map<String, Object> args = new HashMap<>();
            args.put(Args.LEG, leg.name());
            args.put(Args.INITIATOR_IQN, iqn);
            if (leg.chapUser() != null) {
                args.put(Args.CHAP_USER, leg.chapUser());
                args.put(Args.CHAP_PASSWORD, leg.chapPassword());
            }
            AgentReply reply;
            try {
                reply = dpvCall(op, leg, Actions.LEG_EXPORT, args, "export");
            } catch (AgentUnreachableException e) {
                down.add(leg.dpv());
                continue;
            }
            step(op, em -> {
                em.find(LegEntity.class, leg.name()).setStatus(LegEntity.EXPORTED);
                seen(em, leg.dpv(), reply);
                return null;
            });
        }
        return down;
    }

    /** The user's device and the pools' transaction as the ihost reports them; missing legs make it degraded. */
    private static void served(EntityManager em, DlvEntity d, AgentReply reply, long now) {
        d.setDevicePath(reply.stringResult(Args.DEVICE_PATH));
        d.setThinTransaction(reply.longResult(Args.TRANSACTION_ID));
        Object missing = reply.result().get(Args.MISSING_LEGS);
        Set<String> missingLegs = new HashSet<>();
        if (missing instanceof List<?> list) {
            list.forEach(l -> missingLegs.add(String.valueOf(l)));
        }
        for (LegEntity leg : DlvViews.legs(em, d.getName())) {
            leg.setFresh(false);
            if (missingLegs.contains(leg.getName())) {
                leg.setStatus(LegEntity.MISSING);
            }
        }
        if (missingLegs.isEmpty()) {
            d.setState(DlvStatus.attached.name(), null, null, now);
        } else {
            d.setState(DlvStatus.degraded.name(), "legs the ihost cannot reach: " + String.join(", ",
                    new java.util.TreeSet<>(missingLegs)), null, now);
        }
    }

    private void detach(Started op, String dlv) throws StepFailed {
        ihostStep(op, dlv, Actions.DLV_DISASSEMBLE, layout(op, dlv, false, Set.of()), Map.of());
        for (Leg leg : legs(op, dlv)) {
            if (!LegEntity.EXPORTED.equals(leg.status()) && !LegEntity.MISSING.equals(leg.status())) {
                continue;
            }
            AgentReply reply = dpvStep(op, leg, Actions.LEG_UNEXPORT, Map.of(Args.LEG, leg.name()), "unexport");
            step(op, em -> {
                em.find(LegEntity.class, leg.name()).setStatus(LegEntity.CREATED);
                seen(em, leg.dpv(), reply);
                return null;
            });
        }
    }

    private static void detached(EntityManager em, DlvEntity d, long now) {
        d.setIhost(null);
        d.setDevicePath(null);
        d.setState(DlvStatus.available.name(), null, null, now);
    }

    /** Deleting also cleans up after a failed attach or create: it detaches first when an ihost may hold the dlv. */
    private Outcome delete(Started op, String dlv) throws StepFailed {
        boolean held = step(op, em -> DlvRegistry.find(em, dlv).getIhost() != null);
        if (held) {
            detach(op, dlv);
            step(op, em -> {
                detached(em, DlvRegistry.find(em, dlv), clock.millis());
                DlvRegistry.find(em, dlv).setState(DlvStatus.deleting.name(), null, null, clock.millis());
                return null;
            });
        }
        for (Leg leg : legs(op, dlv)) {
            AgentReply reply = dpvStep(op, leg, Actions.LEG_DELETE, Map.of(Args.LEG, leg.name()), "delete");
            step(op, em -> {
                LegEntity row = em.find(LegEntity.class, leg.name());
                if (row != null) {
                    em.remove(row);
                }
                seen(em, leg.dpv(), reply);
                return null;
            });
        }
        return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            DlvViews.snapshots(em, dlv).forEach(em::remove);
            DlvEntity d = em.find(DlvEntity.class, dlv);
            if (d != null) {
                em.remove(d);
            }
        });
    }

    private Outcome extend(Started op, String dlv) throws StepFailed {
        createLegs(op, dlv);
        String iqn = step(op, em -> {
            DlvEntity d = DlvRegistry.find(em, dlv);
            IhostEntity ihost = d.getIhost() == null ? null : em.find(IhostEntity.class, d.getIhost());
            return ihost == null ? null : ihost.getInitiatorIqn();
        });
        if (iqn == null) {
            return succeeded((em, d, now) -> {
                grown(em, d);
                d.setState(DlvStatus.available.name(), null, null, now);
            }, dlv);
        }
        Set<String> down = exportLegs(op, dlv, iqn);
        AgentReply reply = ihostStep(op, dlv, Actions.DLV_GROW, layout(op, dlv, true, down), Map.of());
        return succeeded((em, d, now) -> {
            grown(em, d);
            served(em, d, reply, now);
        }, dlv);
    }

    /** The dlv's sizes follow its legs: the virtual size it was extended to, and the data its pools hold. */
    private static void grown(EntityManager em, DlvEntity d) {
        d.setSize(d.getTargetSize());
        d.setDataSize(DlvViews.legs(em, d.getName()).stream()
                .filter(l -> "data".equals(l.getKind()) && l.getPosition() == 0)
                .mapToLong(l -> DlvGeometry.carriedBytes(l.getSize())).sum());
    }

    private Outcome createSnapshot(Started op, String dlv, String snapshot) throws StepFailed {
        SnapshotRef snap = snapshotIn(op, dlv, snapshot, "creating");
        if (snap == null) {
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            });
        }
        long origin = step(op, em -> DlvRegistry.find(em, dlv).getThinId());
        return snapshotStep(op, dlv, snap, Actions.SNAPSHOT_CREATE,
                Map.of(Args.THIN_ID, snap.thinId(), Args.ORIGIN_ID, origin), (em, s) -> s.setState("available", null));
    }

    private Outcome deleteSnapshot(Started op, String dlv, String snapshot) throws StepFailed {
        SnapshotRef snap = snapshotIn(op, dlv, snapshot, "deleting");
        if (snap == null) {
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            });
        }
        return snapshotStep(op, dlv, snap, Actions.SNAPSHOT_DELETE, Map.of(Args.THIN_ID, snap.thinId()),
                (em, s) -> em.remove(s));
    }

    private record SnapshotRef(String key, long thinId) {
    }

    /** The operation's snapshot while it is still in the status the request gave it; null when something else changed it since. */
    private SnapshotRef snapshotIn(Started op, String dlv, String snapshot, String status) {
        return step(op, em -> {
            SnapshotEntity s = em.find(SnapshotEntity.class, SnapshotEntity.key(dlv, snapshot));
            return s == null || !status.equals(s.getStatus()) ? null : new SnapshotRef(s.getId(), s.getThinId());
        });
    }

    private interface SnapshotChange {
        void apply(EntityManager em, SnapshotEntity snapshot);
    }

    /** A snapshot that fails is in error with the reason; the dlv itself keeps serving. */
    private Outcome snapshotStep(Started op, String dlv, SnapshotRef snap, String action, Map<String, Object> args,
            SnapshotChange onSuccess) throws StepFailed {
        AgentReply reply;
        try {
            reply = ihostStep(op, dlv, action, layout(op, dlv, false, Set.of()), args);
        } catch (StepFailed e) {
            String why = e.getMessage();
            return new Outcome(OperationStatus.failed, why, (em, now) -> {
                SnapshotEntity s = em.find(SnapshotEntity.class, snap.key());
                if (s != null) {
                    s.setState("error", why);
                }
            });
        }
        return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            DlvEntity d = em.find(DlvEntity.class, dlv);
            if (d != null) {
                d.setThinTransaction(reply.longResult(Args.TRANSACTION_ID));
            }
            SnapshotEntity s = em.find(SnapshotEntity.class, snap.key());
            if (s != null) {
                onSuccess.apply(em, s);
            }
        });
    }

    // ---- shared

    private interface DlvChange {
        void apply(EntityManager em, DlvEntity dlv, long now);
    }

    private static Outcome succeeded(DlvChange change, String dlv) {
        return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            DlvEntity d = em.find(DlvEntity.class, dlv);
            if (d != null) {
                change.apply(em, d, now);
            }
        });
    }

    /** One short transaction that first renews the lock's lease, and stops the operation if the lock is gone. */
    private <T> T step(Started op, Function<EntityManager, T> work) {
        return store.inTransaction(em -> {
            if (!ObjectLocks.renew(em, op.target(), op.generation(), clock.millis())) {
                throw new LockLost("operation " + op.id() + " lost its lock on " + op.target() + " to another worker");
            }
            return work.apply(em);
        });
    }

    private List<Leg> legs(Started op, String dlv) {
        return step(op, em -> DlvViews.legs(em, dlv).stream().map(Leg::of).toList());
    }

    private static Set<String> unavailableDpvs(EntityManager em) {
        return new HashSet<>(em.createQuery("select d.name from DpvEntity d where d.status <> :s", String.class)
                .setParameter("s", NodeStatus.available.name()).getResultList());
    }

    /**
     * The layout the ihost builds: the dlv's size (its target size while it grows), each dpv's
     * address, and which dpvs are out of reach.
     */
    private String layout(Started op, String dlv, boolean targetSize, Set<String> down) {
        return codec.encode(step(op, em -> DlvLayouts.forDlv(em, DlvRegistry.find(em, dlv), targetSize, down)));
    }

    private AgentReply dpvCall(Started op, Leg leg, String action, Map<String, Object> args, String verb)
            throws StepFailed, AgentUnreachableException {
        AgentRequest request = new AgentRequest(op.id(), action, "leg/" + leg.name(), op.generation(), args);
        AgentReply reply = lease.during(op, () -> agents.callDataPath(Queues.Role.dpv, leg.dpv(), request));
        if (!reply.ok()) {
            throw new StepFailed("cannot " + verb + " leg " + leg.name() + " on dpv '" + leg.dpv() + "': " + reply.error());
        }
        return reply;
    }

    private AgentReply dpvStep(Started op, Leg leg, String action, Map<String, Object> args, String verb)
            throws StepFailed {
        try {
            return dpvCall(op, leg, action, args, verb);
        } catch (AgentUnreachableException e) {
            throw new StepFailed("cannot " + verb + " leg " + leg.name() + ": " + e.getMessage()
                    + "; retry when dpv '" + leg.dpv() + "' is back");
        }
    }

    private AgentReply ihostStep(Started op, String dlv, String action, String layout, Map<String, Object> extra)
            throws StepFailed {
        String ihost = step(op, em -> DlvRegistry.find(em, dlv).getIhost());
        if (ihost == null) {
            throw new StepFailed("dlv '" + dlv + "' has no ihost for " + action);
        }
        Map<String, Object> args = new HashMap<>(extra);
        args.put(Args.LAYOUT, layout);
        AgentRequest request = new AgentRequest(op.id(), action, "dlv/" + dlv, op.generation(), args);
        try {
            AgentReply reply = lease.during(op, () -> agents.callDataPath(Queues.Role.ihost, ihost, request));
            if (!reply.ok()) {
                throw new StepFailed(action + " on ihost '" + ihost + "' failed: " + reply.error());
            }
            return reply;
        } catch (AgentUnreachableException e) {
            throw new StepFailed(action + " on ihost '" + ihost + "': " + e.getMessage() + "; retry when it is back");
        }
    }

    /** Every leg reply carries the dpv's volume group sizes: the dpv's row follows each change. */
    private void seen(EntityManager em, String dpvName, AgentReply reply) {
        DpvEntity dpv = em.find(DpvEntity.class, dpvName);
        if (dpv != null && reply.result().containsKey("total_size")) {
            Worker.markSeen(dpv, reply, clock.millis());
        }
    }
}
