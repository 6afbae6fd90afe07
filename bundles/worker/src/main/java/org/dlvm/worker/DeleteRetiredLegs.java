package org.dlvm.worker;

import java.util.List;
import java.util.Map;

import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.RetiredLegEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * retired-legs-delete: a dpv that is back deletes every leg repairs took out of their dlvs while
 * it was away (target, linears, LV: its delete does all three and skips what is gone), and their
 * rows go with its answer. No dlv uses these legs any more, so nothing else waits on this.
 */
final class DeleteRetiredLegs {
    private final Steps steps;

    DeleteRetiredLegs(Steps steps) {
        this.steps = steps;
    }

    Outcome run(Started op) {
        String dpv = OperationKind.objectName(op.target());
        try {
            List<String> retired = steps.step(op, em -> em.createQuery("select r.name from RetiredLegEntity r where"
                    + " r.dpv = :p order by r.name", String.class).setParameter("p", dpv).getResultList());
            if (retired.isEmpty()) {
                return Steps.withoutChange(OperationStatus.succeeded, null);
            }
            AgentResult.VolumeGroup vg = Steps.required("delete", dpv, steps.onDpvs(op, Map.of(dpv,
                    new AgentAction.DeleteLegs(retired))).get(dpv));
            return new Outcome(OperationStatus.succeeded, null, (em, now) -> {
                Steps.seen(em, dpv, vg, now);
                for (String leg : retired) {
                    RetiredLegEntity row = em.find(RetiredLegEntity.class, leg);
                    if (row != null) {
                        em.remove(row);
                    }
                }
            });
        } catch (StepFailed | Steps.LockLost e) {
            return Steps.withoutChange(OperationStatus.failed, e.getMessage());
        }
    }

}
