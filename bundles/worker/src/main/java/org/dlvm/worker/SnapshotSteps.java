package org.dlvm.worker;

import java.util.Set;

import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.SnapshotEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * snapshot-create and snapshot-delete: one pool message per stripe member, sent by the ihost that
 * serves the dlv, for the snapshot the operation's arguments name. A snapshot that fails is in
 * error with the reason; the dlv itself keeps serving.
 */
final class SnapshotSteps {
    private SnapshotSteps() {
    }

    private record SnapshotRef(String key, long thinId) {
    }

    /** The snapshot while it is still in the status the request gave it; null when something else changed it since. */
    private static SnapshotRef snapshotIn(Steps steps, Started op, String dlv, String snapshot, String status) {
        return steps.step(op, em -> {
            SnapshotEntity s = em.find(SnapshotEntity.class, SnapshotEntity.key(dlv, snapshot));
            return s == null || !status.equals(s.getStatus()) ? null : new SnapshotRef(s.getId(), s.getThinId());
        });
    }

    private interface SnapshotChange {
        void apply(javax.persistence.EntityManager em, SnapshotEntity snapshot);
    }

    private interface ActionFor {
        AgentAction action(org.dlvm.api.DlvLayout layout, long thinId, long originId);
    }

    private static Outcome message(Steps steps, Started op, String dlv, String snapshot, String status, ActionFor action,
            SnapshotChange onSuccess) {
        SnapshotRef snap = snapshotIn(steps, op, dlv, snapshot, status);
        if (snap == null) {
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            });
        }
        AgentResult.Transaction done;
        try {
            long origin = steps.step(op, em -> DlvRegistry.find(em, dlv).getThinId());
            done = steps.onIhost(op, dlv, action.action(steps.layout(op, dlv, false, Set.of()), snap.thinId(), origin),
                    AgentResult.Transaction.class);
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
                d.setThinTransaction(done.transactionId());
            }
            SnapshotEntity s = em.find(SnapshotEntity.class, snap.key());
            if (s != null) {
                onSuccess.apply(em, s);
            }
        });
    }

    static final class Create implements Steps.DlvOperation {
        private final Steps steps;

        Create(Steps steps) {
            this.steps = steps;
        }

        @Override
        public Outcome run(Started op, String dlv) {
            return message(steps, op, dlv, ((OperationArgs.SnapshotCreate) op.args()).snapshot(), "creating",
                    AgentAction.CreateSnapshot::new, (em, s) -> s.setState("available", null));
        }
    }

    static final class Delete implements Steps.DlvOperation {
        private final Steps steps;

        Delete(Steps steps) {
            this.steps = steps;
        }

        @Override
        public Outcome run(Started op, String dlv) {
            return message(steps, op, dlv, ((OperationArgs.SnapshotDelete) op.args()).snapshot(), "deleting",
                    (layout, thinId, origin) -> new AgentAction.DeleteSnapshot(layout, thinId), (em, s) -> em.remove(s));
        }
    }
}
