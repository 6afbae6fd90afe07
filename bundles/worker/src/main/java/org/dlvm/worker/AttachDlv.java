package org.dlvm.worker;

import java.util.Set;

import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.IhostEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * dlv-attach: every reachable leg exported to the ihost (the ihost of the operation's arguments),
 * then the ihost assembles the stack; legs of dpvs that did not answer stay out, and their mirrors
 * run degraded.
 */
final class AttachDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;

    AttachDlv(Steps steps, LegSteps legs) {
        this.steps = steps;
        this.legs = legs;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        String ihostName = ((OperationArgs.DlvAttach) op.args()).ihost();
        String iqn = steps.step(op, em -> {
            IhostEntity ihost = em.find(IhostEntity.class, ihostName);
            return ihost == null ? null : ihost.getInitiatorIqn();
        });
        if (iqn == null) {
            throw new StepFailed("ihost '" + ihostName + "' of dlv '" + dlv + "' is gone or has no initiator name");
        }
        Set<String> down = legs.exportMissing(op, dlv, iqn);
        AgentResult.Assembled assembled = steps.onIhost(op, dlv,
                new AgentAction.AssembleDlv(steps.layout(op, dlv, false, down)), AgentResult.Assembled.class);
        return Steps.succeeded(dlv, (em, d, now) -> LegSteps.served(em, d, assembled, now));
    }
}
