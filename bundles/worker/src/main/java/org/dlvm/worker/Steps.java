package org.dlvm.worker;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;

/**
 * What the steps of every dlv operation share. Each finished step is recorded at once in its own
 * short transaction, which also renews the lock's lease and stops the operation if another worker
 * took the lock over; every agent action is idempotent, so an operation resumed after a crash
 * repeats at most the step it was in. Leg steps ask each dpv once, all dpvs at the same time.
 */
final class Steps {
    private final Store store;
    private final AgentGateway agents;
    private final Clock clock;
    private final LeaseKeeper lease;
    private final ExecutorService fanOut;

    Steps(Store store, AgentGateway agents, Clock clock, LeaseKeeper lease, ExecutorService fanOut) {
        this.store = store;
        this.agents = agents;
        this.clock = clock;
        this.lease = lease;
        this.fanOut = fanOut;
    }

    /** A step that failed: the operation ends failed with this reason, which the object shows. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /** Another worker holds the lock now: stop without touching nodes or rows again. */
    static final class LockLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LockLost(String message) {
            super(message);
        }
    }

    /** The node work of one dlv operation kind. */
    interface DlvOperation {
        Outcome run(Started op, String dlv) throws StepFailed;
    }

    /** A leg as the steps need it, read inside a transaction and used outside. */
    record Leg(String name, String dpv, long size, LegKind kind, String status, String chapUser, String chapPassword) {
        static Leg of(LegEntity l) {
            return new Leg(l.getName(), l.getDpv(), l.getSize(), LegKind.valueOf(l.getKind()), l.getStatus(),
                    l.getChapUser(), l.getChapPassword());
        }
    }

    /** A dpv's answer to one fanned-out action, or why it gave none. */
    record DpvAnswer(AgentReply reply, String unreachable) {
        boolean answered() {
            return reply != null;
        }
    }

    Clock clock() {
        return clock;
    }

    /** Runs a dlv operation; a failed step leaves the dlv in error with the reason. */
    Outcome run(Started op, DlvOperation operation) {
        String dlv = OperationKind.objectName(op.target());
        try {
            return operation.run(op, dlv);
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

    /** An end that changes no row but the operation's own: its object stays as it is. */
    static Outcome withoutChange(OperationStatus status, String why) {
        return new Outcome(status, why, (em, now) -> {
        });
    }

    interface DlvChange {
        void apply(EntityManager em, DlvEntity dlv, long now);
    }

    static Outcome succeeded(String dlv, DlvChange change) {
        return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            DlvEntity d = em.find(DlvEntity.class, dlv);
            if (d != null) {
                change.apply(em, d, now);
            }
        });
    }

    /** One short transaction that first renews the lock's lease, and stops the operation if the lock is gone. */
    <T> T step(Started op, Function<EntityManager, T> work) {
        return store.inTransaction(em -> {
            if (!ObjectLocks.renew(em, op.target(), op.generation(), clock.millis())) {
                throw new LockLost("operation " + op.id() + " lost its lock on " + op.target() + " to another worker");
            }
            return work.apply(em);
        });
    }

    List<Leg> legs(Started op, String dlv) {
        return step(op, em -> DlvViews.legs(em, dlv).stream().map(Leg::of).toList());
    }

    Set<String> unavailableDpvs(Started op) {
        return step(op, em -> new HashSet<>(em.createQuery("select d.name from DpvEntity d where d.status <> :s",
                String.class).setParameter("s", NodeStatus.available.name()).getResultList()));
    }

    /** The layout the ihost builds: the dlv's size (its target size while it grows), each dpv's address, which dpvs are out of reach. */
    DlvLayout layout(Started op, String dlv, boolean targetSize, Set<String> down) {
        return step(op, em -> DlvLayouts.forDlv(em, DlvRegistry.find(em, dlv), targetSize, down));
    }

    /**
     * Sends each dpv its action, all at once, and waits for every answer while the lease stays
     * fresh. The object is the dlv: the dpv's fence keeps a stale worker of this dlv out.
     */
    Map<String, DpvAnswer> onDpvs(Started op, Map<String, AgentAction> actions) {
        Map<String, CompletableFuture<DpvAnswer>> pending = new LinkedHashMap<>();
        return lease.during(op, () -> {
            actions.forEach((dpv, action) -> pending.put(dpv, CompletableFuture.supplyAsync(() -> {
                AgentRequest request = new AgentRequest(op.id(), op.target(), op.generation(), action);
                try {
                    return new DpvAnswer(agents.callDataPath(Queues.Role.dpv, dpv, request), null);
                } catch (AgentUnreachableException e) {
                    return new DpvAnswer(null, e.getMessage());
                }
            }, fanOut)));
            Map<String, DpvAnswer> answers = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<DpvAnswer>> e : pending.entrySet()) {
                try {
                    answers.put(e.getKey(), e.getValue().get());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for dpv " + e.getKey(), interrupted);
                } catch (ExecutionException failed) {
                    throw new IllegalStateException("asking dpv " + e.getKey() + " failed: " + failed.getCause(),
                            failed.getCause());
                }
            }
            return answers;
        });
    }

    /** The answer of a dpv that must have answered; a refusal or silence fails the step with the reason. */
    static AgentResult.VolumeGroup required(String verb, String dpv, DpvAnswer answer) throws StepFailed {
        if (!answer.answered()) {
            throw new StepFailed("cannot " + verb + " legs on dpv '" + dpv + "': " + answer.unreachable()
                    + "; retry when it is back");
        }
        refused(verb, dpv, answer.reply());
        return answer.reply().as(AgentResult.VolumeGroup.class);
    }

    static void refused(String verb, String dpv, AgentReply reply) throws StepFailed {
        if (!reply.ok()) {
            if (reply.error().code() == AgentError.Code.stale_generation) {
                throw new LockLost("dpv '" + dpv + "' knows a newer worker of this object: " + reply.error().message());
            }
            throw new StepFailed("cannot " + verb + " legs on dpv '" + dpv + "': " + reply.error().message());
        }
    }

    /** Asks the dlv's ihost; its refusal or silence fails the step with the reason. */
    <R extends AgentResult> R onIhost(Started op, String dlv, AgentAction action, Class<R> answer) throws StepFailed {
        String ihost = step(op, em -> DlvRegistry.find(em, dlv).getIhost());
        if (ihost == null) {
            throw new StepFailed("dlv '" + dlv + "' has no ihost for " + action.name());
        }
        return onNode(op, Queues.Role.ihost, ihost, action, answer);
    }

    /** Asks one node by name, under the operation's lock and fencing token. */
    <R extends AgentResult> R onNode(Started op, Queues.Role role, String node, AgentAction action, Class<R> answer)
            throws StepFailed {
        AgentRequest request = new AgentRequest(op.id(), op.target(), op.generation(), action);
        try {
            AgentReply reply = lease.during(op, () -> agents.callDataPath(role, node, request));
            if (!reply.ok()) {
                if (reply.error().code() == AgentError.Code.stale_generation) {
                    throw new LockLost(role + " '" + node + "' knows a newer worker of this object: "
                            + reply.error().message());
                }
                throw new StepFailed(action.name() + " on " + role + " '" + node + "' failed: " + reply.error().message());
            }
            return reply.as(answer);
        } catch (AgentUnreachableException e) {
            throw new StepFailed(action.name() + " on " + role + " '" + node + "': " + e.getMessage()
                    + "; retry when it is back");
        }
    }

    /**
     * Every leg answer carries the dpv's volume group sizes: the dpv's row follows each change.
     * Whether the dpv is available is not decided here but by its agent's events and the
     * heartbeat monitor: an answer to one leg says nothing of the node's problems.
     */
    static void seen(EntityManager em, String dpvName, AgentResult.VolumeGroup vg, long now) {
        DpvEntity dpv = em.find(DpvEntity.class, dpvName);
        if (dpv != null && vg != null) {
            dpv.setTotalSize(vg.totalSize());
            dpv.setFreeSize(vg.freeSize());
            dpv.setLastSeen(now);
        }
    }
}
