package org.dlvm.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.RetiredLegEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;
import org.dlvm.worker.health.DlvHealth;

/**
 * leg-repair: a leg of a served dlv lost for good (its dpv out of reach longer than
 * {@code repair_after_seconds}) gets a new leg on another available dpv of the dvg, which is
 * created, exported to the dlv's ihost and put in the old leg's place in the running mirror with
 * a full copy from the others (the ihost's assembly does that, see the Linux driver's
 * {@code DlvAssembler}). The swap of rows comes first and in one transaction: from then on every
 * layout names the new leg, and the old one is a {@link RetiredLegEntity} that its dpv deletes
 * when it is back. The operation ends when the ihost has taken the leg; the copy's progress and
 * its end show in the dlv's health, whose report clears the new leg's {@code replaces}. A failure
 * leaves the dlv serving as it did (it is not put in error); the repair watch tries again.
 */
final class RepairLeg {
    private final Steps steps;
    private final LegSteps legs;
    private final LegReservations reservations;
    private final ControllerConfig config;

    RepairLeg(Steps steps, LegSteps legs, LegReservations reservations, ControllerConfig config) {
        this.steps = steps;
        this.legs = legs;
        this.reservations = reservations;
        this.config = config;
    }

    /** New leg → its dpv, and the ihost's initiator they are exported to. */
    private record Swap(Map<String, String> newLegDpvs, String iqn) {
    }

    /** No repair can be made now; thrown out of the swap's transaction, so no leg is half swapped. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    Outcome run(Started op) {
        String dlv = OperationKind.objectName(op.target());
        OperationArgs.LegRepair args = (OperationArgs.LegRepair) op.args();
        try {
            Swap swap = steps.step(op, em -> swap(em, dlv, args, steps.clock().millis()));
            if (swap == null) {
                return Steps.withoutChange(OperationStatus.succeeded, null);
            }
            legs.createMissing(op, dlv);
            Set<String> silent = legs.exportMissing(op, dlv, swap.iqn());
            for (Map.Entry<String, String> leg : swap.newLegDpvs().entrySet()) {
                if (silent.contains(leg.getValue())) {
                    throw new StepFailed("dpv " + leg.getValue() + " did not answer the export of new leg " + leg.getKey());
                }
            }
            AgentResult.Assembled assembled = steps.onIhost(op, dlv, new AgentAction.AssembleDlv(steps.layout(op, dlv,
                    false, steps.unavailableDpvs(op))), AgentResult.Assembled.class);
            List<String> unreached = swap.newLegDpvs().keySet().stream().filter(assembled.missingLegs()::contains).toList();
            if (!unreached.isEmpty()) {
                throw new StepFailed("the ihost could not reach new legs " + unreached);
            }
            return Steps.succeeded(dlv, (em, d, now) -> {
                if (DlvHealth.isServed(d.getStatus())) {
                    d.setDevicePath(assembled.devicePath());
                    d.setThinTransaction(assembled.transactionId());
                    // degraded at once (an evacuated dlv was attached): the ihost's reports end it when the copy is done
                    d.setState(DlvStatus.degraded.name(), "new legs " + String.join(", ", swap.newLegDpvs().keySet())
                            + " are being rebuilt from their mirrors", null, now);
                }
            });
        } catch (StepFailed | Steps.LockLost | Refused e) {
            return Steps.withoutChange(OperationStatus.failed, e.getMessage());
        }
    }

    private Swap swap(EntityManager em, String dlv, OperationArgs.LegRepair args, long now) {
        DlvEntity d = em.find(DlvEntity.class, dlv);
        if (d == null || d.getIhost() == null || !DlvHealth.isServed(d.getStatus())) {
            return null;
        }
        // the dvg's lock first, as a create takes it: two repairs or a create never count on the same free bytes
        DvgRegistry.lock(em, d.getDvg());
        IhostEntity ihost = em.find(IhostEntity.class, d.getIhost());
        if (ihost == null || ihost.getInitiatorIqn() == null) {
            throw new Refused("ihost '" + d.getIhost() + "' of dlv '" + dlv + "' has no initiator name");
        }
        Map<String, String> made = new LinkedHashMap<>();
        for (String name : args.legs()) {
            List<LegEntity> all = DlvViews.legs(em, dlv);
            LegEntity old = em.find(LegEntity.class, name);
            if (old == null || !old.getDlv().equals(dlv)) {
                // swapped already (this operation or an earlier one stopped half way): its new leg carries on
                all.stream().filter(l -> name.equals(l.getReplaces())).findFirst()
                        .ifPresent(l -> made.put(l.getName(), l.getDpv()));
                continue;
            }
            List<LegEntity> survivors = all.stream().filter(l -> l.getMember() == old.getMember()
                    && l.getKind().equals(old.getKind()) && l.getMirror() == old.getMirror()
                    && !l.getName().equals(old.getName())).toList();
            if (survivors.stream().anyMatch(l -> l.getReplaces() != null)) {
                throw new Refused("the mirror of leg " + old.getName() + " rebuilds another leg already");
            }
            LegEntity fresh;
            try {
                fresh = reservations.replacement(em, d, old, survivors, config.repairs_per_dpv(), now);
            } catch (DlvmException e) {
                throw new Refused("no dpv can take the place of leg " + old.getName() + ": " + e.getMessage()
                        + " (a dpv in " + config.repairs_per_dpv() + " repairs of other dlvs already takes no more)");
            }
            em.persist(new RetiredLegEntity(old.getName(), old.getDpv(), dlv, fresh.getName(), args.reason(), now));
            em.remove(old);
            made.put(fresh.getName(), fresh.getDpv());
        }
        return made.isEmpty() ? null : new Swap(made, ihost.getInitiatorIqn());
    }
}
