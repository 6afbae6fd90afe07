package org.dlvm.worker;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * dlv-delete: also the way out of a failed attach or create, so it detaches first when an ihost
 * may hold the dlv; then every leg goes from its dpv, and the dlv's rows with the last.
 */
final class DeleteDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;
    private final DetachDlv detach;

    DeleteDlv(Steps steps, LegSteps legs, DetachDlv detach) {
        this.steps = steps;
        this.legs = legs;
        this.detach = detach;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        boolean held = steps.step(op, em -> DlvRegistry.find(em, dlv).getIhost() != null);
        if (held) {
            detach.takeDown(op, dlv);
            steps.step(op, em -> {
                DlvEntity d = DlvRegistry.find(em, dlv);
                long now = steps.clock().millis();
                LegSteps.detached(em, d, now);
                d.setState(DlvStatus.deleting.name(), null, null, now);
                return null;
            });
        }
        legs.deleteAll(op, dlv);
        return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
            DlvViews.snapshots(em, dlv).forEach(em::remove);
            org.dlvm.worker.health.DlvHealthUpdates.forget(em, dlv);
            DlvEntity d = em.find(DlvEntity.class, dlv);
            if (d != null) {
                em.remove(d);
            }
        });
    }
}
