package org.dlvm.worker;

import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * dlv-detach: the ihost takes the stack down, then every dpv unexports the legs (which also ends the sessions).
 *
 * <p>Forced, the ihost is asked only when it is available, and its failure does not stop the
 * detach: the dpvs unexport the legs all the same, which fences it (it can no longer write), and
 * what it still holds is torn down by {@link NodeComparisons} when it answers again. Every dpv with
 * an exported leg must answer, though: a dpv that is out of reach could still serve the old ihost,
 * and another ihost would then write to the same legs. Such a detach fails and names them.
 */
final class DetachDlv implements Steps.DlvOperation {
    private final Steps steps;
    private final LegSteps legs;

    DetachDlv(Steps steps, LegSteps legs) {
        this.steps = steps;
        this.legs = legs;
    }

    @Override
    public Outcome run(Started op, String dlv) throws StepFailed {
        if (((OperationArgs.DlvDetach) op.args()).force()) {
            String note = forced(op, dlv);
            return Steps.succeeded(dlv, (em, d, now) -> {
                LegSteps.detached(em, d, now);
                d.setState(DlvStatus.available.name(), note, null, now);
            });
        }
        takeDown(op, dlv);
        return Steps.succeeded(dlv, LegSteps::detached);
    }

    /** Also the first half of deleting a dlv that an ihost may still hold. */
    void takeDown(Started op, String dlv) throws StepFailed {
        disassemble(op, dlv);
        legs.unexportExported(op, dlv);
    }

    private void disassemble(Started op, String dlv) throws StepFailed {
        steps.onIhost(op, dlv, new AgentAction.DisassembleDlv(steps.layout(op, dlv, false, Set.of())),
                AgentResult.Done.class);
    }

    private record Holders(String ihost, boolean ihostAvailable, List<String> unreachableDpvs) {
    }

    /** Answers what the dlv's reason says afterwards: null when the ihost took its stack down. */
    private String forced(Started op, String dlv) throws StepFailed {
        Holders holders = steps.step(op, em -> holders(em, dlv));
        if (!holders.unreachableDpvs().isEmpty()) {
            throw new StepFailed("cannot detach by force: dpv " + String.join(", ", holders.unreachableDpvs())
                    + " (unavailable) still export legs to ihost '" + holders.ihost() + "' and only they can stop"
                    + " that; retry when they are back");
        }
        String note = null;
        if (!holders.ihostAvailable()) {
            note = "detached by force while ihost '" + holders.ihost() + "' was unavailable";
        } else {
            try {
                disassemble(op, dlv);
            } catch (StepFailed e) {
                note = "detached by force; ihost '" + holders.ihost() + "' did not take its stack down: " + e.getMessage();
            }
        }
        legs.unexportExported(op, dlv);
        // the dlv's reason is bounded where it is set (DlvEntity.setState)
        return note == null ? null : note + "; the legs are no longer exported to it, and what it holds of the dlv"
                + " is removed when it answers again";
    }

    private static Holders holders(EntityManager em, String dlv) {
        DlvEntity d = DlvRegistry.find(em, dlv);
        IhostEntity ihost = d.getIhost() == null ? null : em.find(IhostEntity.class, d.getIhost());
        return new Holders(d.getIhost(), ihost != null && NodeStatus.available.name().equals(ihost.getStatus()),
                unreachableExporters(em, dlv));
    }

    /** The unavailable dpvs that hold legs of the dlv exported (or missing: its ihost could not reach them). */
    static List<String> unreachableExporters(EntityManager em, String dlv) {
        return em.createQuery("select distinct p.name from LegEntity l, DpvEntity p where l.dlv = :d"
                + " and p.name = l.dpv and p.status <> :available and l.status in :exported order by p.name",
                String.class).setParameter("d", dlv).setParameter("available", NodeStatus.available.name())
                .setParameter("exported", List.of(LegEntity.EXPORTED, LegEntity.MISSING)).getResultList();
    }
}
