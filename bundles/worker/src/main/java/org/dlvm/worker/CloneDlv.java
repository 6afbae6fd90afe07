package org.dlvm.worker;

import java.util.Set;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.AgentResult.CopyState;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.SnapshotEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;
import org.dlvm.worker.messaging.WorkQueue;

/**
 * dlv-clone: the clone's legs are made, it waits for the snapshot it copies (the request took
 * one of a dlv source with it), is assembled on the ihost that serves the source, and that ihost
 * copies the snapshot's mapped blocks onto it in the background while the operation looks at the
 * copy now and then, writing its progress. Then the clone comes down there and is available, and
 * a snapshot taken for it is deleted. The data never passes through the controller.
 * <p>
 * Every step can be repeated: a controller that resumes the operation finds the legs made, the
 * clone assembled and the copy running (or, after an agent restart, starts it again: the
 * snapshot holds the same bytes). A delete of the clone while it copies turns its status to
 * {@code deleting}; the operation then ends the copy and deletes the clone itself.
 */
final class CloneDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;
    private final DetachDlv detach;
    private final DeleteDlv delete;
    private final WorkQueue queue;
    private final long pollMillis;
    private final long snapshotWaitMillis;

    CloneDlv(Steps steps, LegSteps legs, DetachDlv detach, DeleteDlv delete, WorkQueue queue, long pollMillis,
            long snapshotWaitMillis) {
        this.steps = steps;
        this.legs = legs;
        this.detach = detach;
        this.delete = delete;
        this.queue = queue;
        this.pollMillis = pollMillis;
        this.snapshotWaitMillis = snapshotWaitMillis;
    }

    /** The clone's delete came while it copied. */
    private static final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The source as the copy needs it: where it is served, and its layout. */
    private record Source(String ihost, String initiatorIqn, DlvLayout layout) {
    }

    @Override
    public Outcome run(Started op, String clone) throws StepFailed {
        OperationArgs.DlvClone args = (OperationArgs.DlvClone) op.args();
        boolean assembled = false;
        try {
            cancelledCheck(op, clone);
            legs.createMissing(op, clone);
            long thinId = awaitSnapshot(op, clone, args);
            Source source = source(op, args.source());
            steps.step(op, em -> {
                DlvEntity d = DlvRegistry.find(em, clone);
                d.setIhost(source.ihost());
                // the first assembly formats the clone's pools; any later one (a resumed operation) must not
                DlvViews.legs(em, clone).forEach(l -> l.setFresh(false));
                return null;
            });
            assembled = true;
            Set<String> down = legs.exportMissing(op, clone, source.initiatorIqn());
            DlvLayout target = steps.layout(op, clone, false, down);
            AgentResult.Assembled made = steps.onIhost(op, clone, new AgentAction.AssembleDlv(target),
                    AgentResult.Assembled.class);
            steps.step(op, em -> {
                DlvRegistry.find(em, clone).setThinTransaction(made.transactionId());
                return null;
            });
            copy(op, clone, new AgentAction.CopyDlv(source.layout(), thinId, target));
            detach.takeDown(op, clone);
        } catch (Cancelled e) {
            takeDownQuietly(op, clone, assembled);
            release(op, args);
            return delete.run(op, clone);
        } catch (StepFailed e) {
            takeDownQuietly(op, clone, assembled);
            release(op, args);
            throw e;
        }
        release(op, args);
        return Steps.succeeded(clone, (em, d, now) -> {
            LegSteps.detached(em, d, now);
            d.setCloneSource(null, null);
        });
    }

    /** The snapshot's thin id once it is available; a snapshot that failed or went fails the clone. */
    private long awaitSnapshot(Started op, String clone, OperationArgs.DlvClone args) throws StepFailed, Cancelled {
        long deadline = steps.clock().millis() + snapshotWaitMillis;
        while (true) {
            cancelledCheck(op, clone);
            SnapshotEntity snap = steps.step(op, em -> em.find(SnapshotEntity.class,
                    SnapshotEntity.key(args.source(), args.snapshot())));
            if (snap == null) {
                throw new StepFailed("snapshot '" + args.snapshot() + "' of dlv '" + args.source() + "' that the clone"
                        + " copies is gone");
            }
            if ("available".equals(snap.getStatus())) {
                return snap.getThinId();
            }
            if ("error".equals(snap.getStatus())) {
                throw new StepFailed("snapshot '" + args.snapshot() + "' of dlv '" + args.source() + "' that the clone"
                        + " copies failed: " + snap.getReason());
            }
            if (steps.clock().millis() > deadline) {
                throw new StepFailed("snapshot '" + args.snapshot() + "' of dlv '" + args.source() + "' is still "
                        + snap.getStatus() + " after " + snapshotWaitMillis / 1000 + " s; the clone copies nothing");
            }
            pause();
        }
    }

    private Source source(Started op, String name) throws StepFailed {
        Source source = steps.step(op, em -> {
            DlvEntity d = em.find(DlvEntity.class, name);
            if (d == null || !org.dlvm.worker.health.DlvHealth.isServed(d.getStatus()) || d.getIhost() == null) {
                return null;
            }
            IhostEntity ihost = em.find(IhostEntity.class, d.getIhost());
            return new Source(d.getIhost(), ihost == null ? null : ihost.getInitiatorIqn(),
                    DlvLayouts.forDlv(em, d, false, Set.of()));
        });
        if (source == null || source.initiatorIqn() == null) {
            throw new StepFailed("the clone's source dlv '" + name + "' is no longer attached to an ihost that can"
                    + " copy it");
        }
        return source;
    }

    /** Looks at the copy until it ends, writing its progress on the clone and the operation. */
    private void copy(Started op, String clone, AgentAction.CopyDlv action) throws StepFailed, Cancelled {
        while (true) {
            CopyState state = steps.onIhost(op, clone, action, CopyState.class);
            boolean cancelled = steps.step(op, em -> {
                DlvEntity d = DlvRegistry.find(em, clone);
                if (state.totalBytes() > 0 || state.phase() == CopyState.Phase.succeeded) {
                    d.setCloneProgress(state.copiedBytes(), state.totalBytes());
                    OperationEntity row = em.find(OperationEntity.class, op.id());
                    if (row != null) {
                        row.setProgress(state.copiedBytes(), state.totalBytes());
                    }
                }
                return DlvStatus.deleting.name().equals(d.getStatus());
            });
            switch (state.phase()) {
            case succeeded -> {
                endCopy(op, clone);
                return;
            }
            case failed, cancelled -> {
                endCopy(op, clone);
                throw new StepFailed("copying snapshot " + action.thinId() + " of dlv '" + action.source().dlv()
                        + "' onto the clone failed: " + state.error());
            }
            case none -> {
                // the ihost's agent restarted: the next look starts the copy again
                continue;
            }
            case running -> {
                if (cancelled) {
                    endCopy(op, clone);
                    throw new Cancelled();
                }
            }
            }
            pause();
        }
    }

    private void endCopy(Started op, String clone) throws StepFailed {
        steps.onIhost(op, clone, new AgentAction.EndCopy(clone), CopyState.class);
    }

    private void cancelledCheck(Started op, String clone) throws Cancelled {
        if (steps.step(op, em -> DlvStatus.deleting.name().equals(DlvRegistry.find(em, clone).getStatus()))) {
            throw new Cancelled();
        }
    }

    /** What the clone holds on the ihost comes down; what cannot stays for its delete, which takes it down again. */
    private void takeDownQuietly(Started op, String clone, boolean assembled) {
        if (!assembled) {
            return;
        }
        try {
            endCopy(op, clone);
            detach.takeDown(op, clone);
            steps.step(op, em -> {
                DlvEntity d = DlvRegistry.find(em, clone);
                d.setIhost(null);
                d.setDevicePath(null);
                return null;
            });
        } catch (StepFailed e) {
            org.slf4j.LoggerFactory.getLogger(CloneDlv.class).warn("clone {} stays assembled on its source's ihost"
                    + " until it is deleted: {}", clone, e.getMessage());
        }
    }

    /** A snapshot taken for the clone is deleted by an operation of its dlv, once nothing copies it. */
    private void release(Started op, OperationArgs.DlvClone args) {
        if (!args.temporary()) {
            return;
        }
        String started = steps.step(op, em -> DlvRegistry.releaseCloneSnapshot(em, args.source(), args.snapshot(),
                steps.clock().millis()));
        if (started != null) {
            Submission.submit(queue, started);
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Steps.LockLost("interrupted while a clone copied");
        }
    }
}
