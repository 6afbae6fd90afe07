package org.dlvm.worker;

import java.util.Set;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;
import org.dlvm.worker.health.DlvHealth;

/**
 * dlv-restore: a node that announced itself (a boot, an agent restart) gets back what it must
 * hold of a served dlv. A dpv re-creates and re-exports the dlv's legs on it (its LIO
 * configuration and linears do not survive a reboot; its LVs do); the ihost assembles the dlv
 * again (nothing to do on a live stack; the whole stack after its reboot, its pools at the
 * transaction id the controller keeps). Every step is an existing idempotent one, so a restore
 * of a node that did not lose anything only probes. A dlv no longer served is left alone.
 */
final class RestoreDlv {
    private final Steps steps;
    private final LegSteps legs;

    RestoreDlv(Steps steps, LegSteps legs) {
        this.steps = steps;
        this.legs = legs;
    }

    private record Served(String ihost, String iqn) {
    }

    Outcome run(Started op) {
        String dlv = OperationKind.objectName(op.target());
        OperationArgs.DlvRestore args = (OperationArgs.DlvRestore) op.args();
        Served served;
        try {
            served = steps.step(op, em -> {
                DlvEntity d = em.find(DlvEntity.class, dlv);
                if (d == null || d.getIhost() == null || !DlvHealth.isServed(d.getStatus())) {
                    return null;
                }
                IhostEntity ihost = em.find(IhostEntity.class, d.getIhost());
                return new Served(d.getIhost(), ihost == null ? null : ihost.getInitiatorIqn());
            });
        } catch (Steps.LockLost e) {
            return Steps.withoutChange(OperationStatus.failed, e.getMessage());
        }
        if (served == null) {
            return Steps.withoutChange(OperationStatus.succeeded, null);
        }
        try {
            if (args.dpv() != null) {
                if (served.iqn() == null) {
                    throw new StepFailed("ihost '" + served.ihost() + "' of dlv '" + dlv + "' has no initiator name");
                }
                legs.reexport(op, dlv, args.dpv(), served.iqn());
            }
        } catch (StepFailed | Steps.LockLost e) {
            // the dlv keeps serving from its other legs; its health shows the ones on this dpv
            return Steps.withoutChange(OperationStatus.failed, e.getMessage());
        }
        return steps.run(op, (started, name) -> assemble(started, name, args));
    }


    /** A failure here leaves the dlv in error with the ihost's reason (Steps.run): its device may be gone. */
    private Outcome assemble(Started op, String dlv, OperationArgs.DlvRestore args) throws StepFailed {
        Set<String> down = steps.unavailableDpvs(op);
        if (args.dpv() != null) {
            // the announcing dpv is held unavailable until its restores end: its legs are back already
            down.remove(args.dpv());
        }
        AgentResult.Assembled assembled = steps.onIhost(op, dlv, new AgentAction.AssembleDlv(steps.layout(op, dlv, false,
                down)), AgentResult.Assembled.class);
        return Steps.succeeded(dlv, (em, d, now) -> restored(em, d, assembled, now));
    }

    /**
     * The device and the pools' transaction as the ihost reports them. A leg it could not reach
     * makes the dlv degraded; otherwise the status stays as the ihost's reports judge it (a live
     * mirror that lost a leg still lacks it after an assembly that found nothing to do).
     */
    private static void restored(javax.persistence.EntityManager em, DlvEntity d, AgentResult.Assembled assembled,
            long now) {
        if (!DlvHealth.isServed(d.getStatus())) {
            return;
        }
        d.setDevicePath(assembled.devicePath());
        d.setThinTransaction(assembled.transactionId());
        if (!assembled.missingLegs().isEmpty()) {
            for (String leg : assembled.missingLegs()) {
                LegEntity row = em.find(LegEntity.class, leg);
                if (row != null) {
                    row.setStatus(LegEntity.MISSING);
                }
            }
            d.setState(DlvStatus.degraded.name(), "legs the ihost cannot reach: " + String.join(", ",
                    assembled.missingLegs()), null, now);
        }
    }
}
