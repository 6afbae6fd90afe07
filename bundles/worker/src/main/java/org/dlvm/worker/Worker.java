package org.dlvm.worker;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import javax.persistence.EntityManager;

import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.NodeEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.OperationRunner;
import org.dlvm.worker.messaging.PeriodicTask;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs operations: take the object's lock (new generation), call the agent outside any
 * transaction, then record the result only if the lock still carries that generation. The
 * periodic sweep resubmits operations that are pending or whose worker vanished, which is
 * also how work resumes after a controller restart.
 * <p>
 * Operations run on the worker's own threads, so that a worker that stops (its bundle updated, the
 * controller shut down) can hand what it runs over at once: each goes back to {@code pending} with its
 * lock's generation raised, and whatever the old thread still does is fenced off (its next step, its
 * result and its agent requests carry the old generation). The next worker resumes it within a sweep,
 * not after a lease.
 */
@Component(service = { OperationRunner.class, PeriodicTask.class }, configurationPid = ControllerConfig.PID)
@Designate(ocd = ControllerConfig.class)
public class Worker implements OperationRunner, PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final Store store;
    private final AgentGateway agents;
    private final WorkQueue queue;
    private final Clock clock;
    private final ControllerConfig config;
    private final LeaseKeeper lease;
    private final ExecutorService fanOut = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dlvm-worker-fan-out");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService operations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dlvm-operation");
        t.setDaemon(true);
        return t;
    });
    /** The operations this worker runs now, by id: what a stop hands over. */
    private final Map<String, Started> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private final Steps steps;
    private final CreateDlv createDlv;
    private final AttachDlv attachDlv;
    private final DetachDlv detachDlv;
    private final DeleteDlv deleteDlv;
    private final ExtendDlv extendDlv;
    private final CloneDlv cloneDlv;
    private final RestoreDlv restoreDlv;
    private final RepairLeg repairLeg;
    private final DeleteRetiredLegs deleteRetiredLegs;
    private final CleanUpDlv cleanUpDlv;
    private final SnapshotSteps.Create createSnapshot;
    private final SnapshotSteps.Delete deleteSnapshot;

    @Activate
    public Worker(@Reference Store store, @Reference AgentGateway agents, @Reference WorkQueue queue,
            ControllerConfig config) {
        this(store, agents, queue, config, Clock.systemUTC());
    }

    Worker(Store store, AgentGateway agents, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
        this.lease = new LeaseKeeper(store, clock, config.lock_lease_seconds() * 1000);
        this.steps = new Steps(store, agents, clock, lease, fanOut);
        LegSteps legs = new LegSteps(steps);
        this.createDlv = new CreateDlv(legs);
        this.attachDlv = new AttachDlv(steps, legs);
        this.detachDlv = new DetachDlv(steps, legs);
        this.restoreDlv = new RestoreDlv(steps, legs);
        this.repairLeg = new RepairLeg(steps, legs, new LegReservations(), config);
        this.deleteRetiredLegs = new DeleteRetiredLegs(steps);
        this.cleanUpDlv = new CleanUpDlv(steps);
        this.deleteDlv = new DeleteDlv(steps, legs, detachDlv);
        this.extendDlv = new ExtendDlv(steps, legs);
        this.cloneDlv = new CloneDlv(steps, legs, detachDlv, deleteDlv, queue, config.clone_poll_millis(),
                config.clone_snapshot_wait_seconds() * 1000L);
        this.createSnapshot = new SnapshotSteps.Create(steps);
        this.deleteSnapshot = new SnapshotSteps.Delete(steps);
    }

    /** What an operation decided, applied to the database under the fencing check. */
    record Outcome(OperationStatus status, String error, BiConsumer<EntityManager, Long> apply) {
    }

    @Override
    public CompletableFuture<Void> submit(String operationId) {
        if (!closing) {
            try {
                return CompletableFuture.runAsync(() -> run(operationId), operations);
            } catch (RejectedExecutionException e) {
                // stopping: the operation stays as it is in the database, and the next worker's sweep takes it
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Runs the operation on the calling thread if it is not finished and its object is free; safe to call twice. */
    void run(String operationId) {
        if (closing) {
            return;
        }
        Started started = store.inTransaction(em -> start(em, operationId));
        if (started == null) {
            return;
        }
        inFlight.put(started.id, started);
        try {
            runStarted(started);
        } finally {
            inFlight.remove(started.id);
        }
    }

    private void runStarted(Started started) {
        String operationId = started.id;
        if (closing) {
            handOver(started);
            return;
        }
        Outcome outcome;
        try {
            outcome = execute(started);
        } catch (RuntimeException e) {
            LOG.error("operation {} ({}) failed unexpectedly", operationId, started.kind, e);
            outcome = failed(started, "internal error: " + e);
        }
        if (closing) {
            // whatever happened after the stop began (an interrupted step, a result) is the next worker's to find again
            handOver(started);
            return;
        }
        try {
            record(started, outcome);
        } catch (RuntimeException e) {
            // the result could not be written: the operation must still end, and its object show why
            LOG.error("operation {} ({}): its result could not be recorded", operationId, started.kind, e);
            Outcome failure = failed(started, "internal error while recording the result: " + e);
            try {
                record(started, failure);
                outcome = failure;
            } catch (RuntimeException again) {
                LOG.error("operation {} stays running: the sweep takes it up again after the lease ({})", operationId,
                        again.getMessage());
                return;
            }
        }
        LOG.info("operation {} {} on {}: {}{}", operationId, started.kind.wireName, started.target, outcome.status,
                outcome.error == null ? "" : " (" + outcome.error + ")");
    }

    /**
     * Gives the operation back without a result: {@code pending} again, the attempt not counted (it did not end on
     * its own), and the lock free with a higher generation, so nothing the old thread still does counts. Nothing when
     * the operation has ended or another worker holds its lock.
     */
    private void handOver(Started op) {
        try {
            boolean handed = store.inTransaction(em -> {
                if (!ObjectLocks.stillHeld(em, op.target, op.generation)) {
                    return false;
                }
                OperationEntity row = em.find(OperationEntity.class, op.id);
                if (row == null || OperationStatus.valueOf(row.getStatus()).isFinished()) {
                    return false;
                }
                ObjectLocks.abandon(em, op.target, op.generation);
                row.setStatus(OperationStatus.pending.name());
                row.setAttempts(Math.max(0, row.getAttempts() - 1));
                return true;
            });
            if (handed) {
                LOG.info("operation {} {} on {} handed over: this worker stops, the next one resumes it", op.id,
                        op.kind.wireName, op.target);
            }
        } catch (RuntimeException e) {
            LOG.warn("operation {} on {} could not be handed over ({}): another worker takes it after the lease", op.id,
                    op.target, e.getMessage());
        }
    }

    /** Writes the outcome, the operation's end and the lock's release together, only while the lock is still ours. */
    private void record(Started started, Outcome result) {
        store.inTransaction(em -> {
            if (!ObjectLocks.stillHeld(em, started.target, started.generation)) {
                LOG.warn("operation {} lost its lock on {} (generation {}); its result is dropped", started.id,
                        started.target, started.generation);
                return null;
            }
            long now = clock.millis();
            result.apply.accept(em, now);
            Operations.finish(em.find(OperationEntity.class, started.id), result.status, result.error, now);
            ObjectLocks.release(em, started.target, started.generation);
            return null;
        });
    }

    /** Any failure, an internal one included, leaves the object in its error state with the reason: retry or delete. */
    private static Outcome failed(Started op, String why) {
        return new Outcome(OperationStatus.failed, why, (em, now) -> Failures.record(em, op.kind, op.target, op.args,
                why, now));
    }

    record Started(String id, OperationKind kind, String target, long generation, OperationArgs args) {
    }

    private Started start(EntityManager em, String operationId) {
        OperationEntity op = em.find(OperationEntity.class, operationId);
        if (op == null || OperationStatus.valueOf(op.getStatus()).isFinished()) {
            return null;
        }
        long now = clock.millis();
        long generation = ObjectLocks.acquire(em, op.getTarget(), op.getId(), now, config.lock_lease_seconds() * 1000);
        if (generation == ObjectLocks.BUSY) {
            return null;
        }
        OperationKind kind = OperationKind.of(op.getKind());
        OperationArgs args = Operations.args(kind, op.getArgs());
        if (op.getAttempts() >= config.max_attempts()) {
            // each attempt ended without a result (a crash, a database outage): stop instead of trying for ever
            String why = "gave up after " + op.getAttempts() + " attempts that ended without a result"
                    + (op.getError() == null ? "" : " (last: " + op.getError() + ")");
            Failures.record(em, kind, op.getTarget(), args, why, now);
            Operations.finish(op, OperationStatus.failed, why, now);
            ObjectLocks.release(em, op.getTarget(), generation);
            LOG.warn("operation {} ({}) on {}: {}", op.getId(), op.getKind(), op.getTarget(), why);
            return null;
        }
        op.setStatus(OperationStatus.running.name());
        op.setStartedAt(now);
        op.setAttempts(op.getAttempts() + 1);
        return new Started(op.getId(), kind, op.getTarget(), generation, args);
    }

    /** Every kind is named here: the compiler refuses a kind that has nobody to run it. */
    private Outcome execute(Started op) {
        String name = OperationKind.objectName(op.target);
        return switch (op.kind) {
        case DPV_REGISTER -> describe(op, Queues.Role.dpv, name, (em, result, now) -> {
            DpvEntity dpv = em.find(DpvEntity.class, name);
            if (dpv != null) {
                markSeen(dpv, (AgentResult.VolumeGroup) result, now);
            }
        }, (em, why) -> markUnavailable(em.find(DpvEntity.class, name), why), AgentResult.VolumeGroup.class);
        case IHOST_REGISTER -> describe(op, Queues.Role.ihost, name, (em, result, now) -> {
            IhostEntity ihost = em.find(IhostEntity.class, name);
            if (ihost != null) {
                if (ihost.getInitiatorIqn() == null) {
                    ihost.setInitiatorIqn(((AgentResult.Initiator) result).initiatorIqn());
                }
                ihost.markAvailable();
                ihost.setLastSeen(now);
            }
        }, (em, why) -> markUnavailable(em.find(IhostEntity.class, name), why), AgentResult.Initiator.class);
        case DLV_CREATE -> steps.run(op, createDlv);
        case DLV_ATTACH -> steps.run(op, attachDlv);
        case DLV_DETACH -> steps.run(op, detachDlv);
        case DLV_DELETE -> steps.run(op, deleteDlv);
        case DLV_EXTEND -> steps.run(op, extendDlv);
        case DLV_CLONE -> steps.run(op, cloneDlv);
        case SNAPSHOT_CREATE -> steps.run(op, createSnapshot);
        case SNAPSHOT_DELETE -> steps.run(op, deleteSnapshot);
        case DLV_RESTORE -> restoreDlv.run(op);
        case LEG_REPAIR -> repairLeg.run(op);
        case RETIRED_LEGS_DELETE -> deleteRetiredLegs.run(op);
        case DLV_CLEANUP -> cleanUpDlv.run(op);
        };
    }

    private interface OnReply {
        void apply(EntityManager em, AgentResult result, long now);
    }

    private Outcome describe(Started op, Queues.Role role, String node, OnReply onReply,
            BiConsumer<EntityManager, String> onFailure, Class<? extends AgentResult> answer) {
        AgentRequest request = new AgentRequest(op.id, op.target, op.generation, new AgentAction.Describe());
        try {
            AgentReply reply = agents.call(role, node, request);
            if (!reply.ok()) {
                String why = "agent of " + op.target + " refused: " + reply.error().message();
                return new Outcome(OperationStatus.failed, why, (em, now) -> onFailure.accept(em, why));
            }
            AgentResult result = reply.as(answer);
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> onReply.apply(em, result, now));
        } catch (AgentUnreachableException e) {
            // registered all the same: an agent that is not up yet announces itself when it starts (AgentEvents)
            String why = NodeRegistration.waitingReason(op.kind, OperationKind.objectName(op.target)) + " ("
                    + e.getMessage() + "); it turns available when its agent announces itself";
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> onFailure.accept(em, why));
        }
    }

    static void markSeen(DpvEntity dpv, AgentResult.VolumeGroup vg, long now) {
        dpv.setTotalSize(vg.totalSize());
        dpv.setFreeSize(vg.freeSize());
        dpv.markAvailable();
        dpv.setLastSeen(now);
    }

    /** The node may have been deleted while its operation ran. */
    private static void markUnavailable(NodeEntity node, String why) {
        if (node != null) {
            node.markUnavailable(why);
        }
    }

    /**
     * Hands every running operation over before anything stops. The operations' threads are not interrupted: one may
     * be inside a database call, and it ends by itself at its next step, fenced off.
     */
    @Deactivate
    void deactivate() {
        closing = true;
        operations.shutdown();
        for (Started op : List.copyOf(inFlight.values())) {
            handOver(op);
        }
        lease.close();
        fanOut.shutdownNow();
    }

    @Override
    public String taskName() {
        return "resume-operations";
    }

    @Override
    public long periodSeconds() {
        return config.sweep_seconds();
    }

    /** Resubmits pending operations that waited too long and running ones whose lock lease ran out. */
    @Override
    public void run() {
        if (closing) {
            return;
        }
        long now = clock.millis();
        List<String> due = store.inTransaction(em -> em
                .createQuery("select o from OperationEntity o where o.status in ('pending','running') order by o.createdAt",
                        OperationEntity.class)
                .setMaxResults(500).getResultList().stream().filter(o -> isDue(em, o, now))
                .map(OperationEntity::getId).toList());
        for (String id : due) {
            Submission.submit(queue, id);
        }
    }

    private boolean isDue(EntityManager em, OperationEntity op, long now) {
        if (OperationStatus.pending.name().equals(op.getStatus())) {
            return now - op.getCreatedAt() >= config.resubmit_after_seconds() * 1000;
        }
        Long lockedAt = ObjectLocks.lockedAt(em, op.getTarget());
        return lockedAt == null || now - lockedAt >= config.lock_lease_seconds() * 1000;
    }
}
