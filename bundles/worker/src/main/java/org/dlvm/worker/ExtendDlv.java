package org.dlvm.worker;

import java.util.Set;

import org.dlvm.api.DlvStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * dlv-extend: the legs reserved with the request are made; an attached dlv gets them exported and
 * its ihost grows the stack online to the target size of the operation's arguments.
 */
final class ExtendDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;

    ExtendDlv(Steps steps, LegSteps legs) {
        this.steps = steps;
        this.legs = legs;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        legs.createMissing(op, dlv);
        String iqn = steps.step(op, em -> {
            DlvEntity d = DlvRegistry.find(em, dlv);
            IhostEntity ihost = d.getIhost() == null ? null : em.find(IhostEntity.class, d.getIhost());
            return ihost == null ? null : ihost.getInitiatorIqn();
        });
        if (iqn == null) {
            return Steps.succeeded(dlv, (em, d, now) -> {
                LegSteps.grown(em, d);
                d.setState(DlvStatus.available.name(), null, null, now);
            });
        }
        Set<String> down = legs.exportMissing(op, dlv, iqn);
        AgentResult.Assembled grown = steps.onIhost(op, dlv, new AgentAction.GrowDlv(steps.layout(op, dlv, true, down)),
                AgentResult.Assembled.class);
        return Steps.succeeded(dlv, (em, d, now) -> {
            LegSteps.grown(em, d);
            LegSteps.served(em, d, grown, now);
        });
    }
}
