package org.dlvm.worker;

import java.util.Set;

import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/** dlv-detach: the ihost takes the stack down, then every dpv unexports the legs (which also ends the sessions). */
final class DetachDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;

    DetachDlv(Steps steps, LegSteps legs) {
        this.steps = steps;
        this.legs = legs;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        takeDown(op, dlv);
        return Steps.succeeded(dlv, LegSteps::detached);
    }

    /** Also the first half of deleting a dlv that an ihost may still hold. */
    void takeDown(Started op, String dlv) throws StepFailed {
        steps.onIhost(op, dlv, new AgentAction.DisassembleDlv(steps.layout(op, dlv, false, Set.of())),
                AgentResult.Done.class);
        legs.unexportExported(op, dlv);
    }
}
