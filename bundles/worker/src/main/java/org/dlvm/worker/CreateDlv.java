package org.dlvm.worker;

import org.dlvm.api.DlvStatus;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/** dlv-create: the legs reserved with the request are made on their dpvs; the dlv is then available. */
final class CreateDlv implements Steps.DlvOperation {
    private final LegSteps legs;

    CreateDlv(LegSteps legs) {
        this.legs = legs;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        legs.createMissing(op, dlv);
        return Steps.succeeded(dlv, (em, d, now) -> d.setState(DlvStatus.available.name(), null, null, now));
    }
}
