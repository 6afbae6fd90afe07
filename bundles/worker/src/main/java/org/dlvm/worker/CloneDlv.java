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
            release(op, clone, args);
            return delete.run(op, clone);
        } catch (StepFailed e) {
            takeDownQuietly(op, clone, assembled);
            release(op, clone, args);
            throw e;
        }
        release(op, clone, args);
        return Steps.succeeded(clone, (em, d, now) -> {
            LegSteps.detached(em, d, now);
            d.setCloneSource(null, null);
        });
    }

    private record Waited(String sourceStatus, String sourceReason, long headThinId, SnapshotEntity snapshot) {
    }

    /**
     * The thin id to copy once the source is served (a detached source is being attached for its
     * clones meanwhile) and the snapshot is available; a snapshot or an attach that failed, or a
     * snapshot that went, fails the clone.
     */
    private long awaitSnapshot(Started op, String clone, OperationArgs.DlvClone args) throws StepFailed, Cancelled {
        long deadline = steps.clock().millis() + snapshotWaitMillis;
        while (true) {
            cancelledCheck(op, clone);
            Waited now = steps.step(op, em -> {
                DlvEntity d = em.find(DlvEntity.class, args.source());
                return d == null ? null : new Waited(d.getStatus(), d.getReason(), d.getThinId(),
                        args.snapshot() == null ? null
                                : em.find(SnapshotEntity.class, SnapshotEntity.key(args.source(), args.snapshot())));
            });
            if (now == null) {
                throw new StepFailed("the clone's source dlv '" + args.source() + "' is gone");
            }
            if (DlvStatus.attaching.name().equals(now.sourceStatus())) {
                if (steps.clock().millis() > deadline) {
                    throw new StepFailed("the clone's source dlv '" + args.source() + "' is still attaching after "
                            + snapshotWaitMillis / 1000 + " s");
                }
                pause();
                continue;
            }
            if (!org.dlvm.worker.health.DlvHealth.isServed(now.sourceStatus())) {
                throw new StepFailed("the clone's source dlv '" + args.source() + "' is " + now.sourceStatus()
                        + (now.sourceReason() == null ? "" : " (" + now.sourceReason() + ")")
                        + ", not served by an ihost that can copy it");
            }
            if (args.snapshot() == null) {
                return now.headThinId();
            }
            SnapshotEntity snap = now.snapshot();
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
            case failed -> {
                endCopy(op, clone);
                throw new StepFailed("copying snapshot " + action.thinId() + " of dlv '" + action.source().dlv()
                        + "' onto the clone failed: " + state.error());
            }
            case cancelled -> {
                // not asked for here: the ihost's agent stopped it on its way down; the next look starts it again
                endCopy(op, clone);
            }
            case none -> {
                // the ihost's agent restarted and knows no copy: the next look starts it again
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

    /**
     * A snapshot taken for the clone is deleted by an operation of its dlv once nothing copies it; a
     * source attached for its clones is detached after the last.
     */
    private void release(Started op, String clone, OperationArgs.DlvClone args) {
        java.util.List<String> started = steps.step(op, em -> {
            java.util.List<String> ops = new java.util.ArrayList<>();
            long now = steps.clock().millis();
            if (args.temporary()) {
                ops.add(DlvRegistry.releaseCloneSnapshot(em, args.source(), args.snapshot(), now));
            }
            // after the snapshot's delete, which it waits behind
            ops.add(DlvRegistry.releaseSource(em, args.source(), clone, now));
            return ops.stream().filter(java.util.Objects::nonNull).toList();
        });
        started.forEach(id -> Submission.submit(queue, id));
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
