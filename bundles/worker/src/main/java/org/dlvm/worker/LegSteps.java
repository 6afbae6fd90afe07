package org.dlvm.worker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.Steps.DpvAnswer;
import org.dlvm.worker.Steps.Leg;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Started;

/**
 * The leg steps that several operations share, each one request per dpv (all dpvs at once) with
 * every leg of the dlv on it that still needs the step, and what the dpvs did recorded in one
 * transaction once they have all answered (they are asked at the same time, so nobody waits longer).
 * A leg's status records how far it got (allocated, created, exported), which is what
 * lets a repeated operation skip what is done.
 */
final class LegSteps {
    private final Steps steps;

    LegSteps(Steps steps) {
        this.steps = steps;
    }

    private static Map<String, List<Leg>> byDpv(List<Leg> legs) {
        Map<String, List<Leg>> out = new LinkedHashMap<>();
        legs.forEach(l -> out.computeIfAbsent(l.dpv(), d -> new ArrayList<>()).add(l));
        return out;
    }

    /** Creates the dlv's legs that are only allocated. */
    void createMissing(Started op, String dlv) throws StepFailed {
        Map<String, List<Leg>> todo = byDpv(steps.legs(op, dlv).stream()
                .filter(l -> LegEntity.ALLOCATED.equals(l.status())).toList());
        Map<String, AgentAction> actions = new LinkedHashMap<>();
        todo.forEach((dpv, legs) -> actions.put(dpv, new AgentAction.CreateLegs(legs.stream()
                .map(l -> new AgentAction.NewLeg(l.name(), l.size(), l.kind() == LegKind.meta)).toList())));
        record(op, "create", todo, steps.onDpvs(op, actions), LegEntity.CREATED, true);
    }

    /** Exports every leg not yet exported to {@code iqn}; answers the dpvs that did not answer (their legs stay out). */
    Set<String> exportMissing(Started op, String dlv, String iqn) throws StepFailed {
        Set<String> down = new HashSet<>(steps.unavailableDpvs(op));
        Map<String, List<Leg>> todo = byDpv(steps.legs(op, dlv).stream()
                .filter(l -> !down.contains(l.dpv()) && !LegEntity.EXPORTED.equals(l.status())).toList());
        Map<String, AgentAction> actions = new LinkedHashMap<>();
        todo.forEach((dpv, legs) -> actions.put(dpv, new AgentAction.ExportLegs(iqn, legs.stream()
                .map(l -> new AgentAction.LegExport(l.name(), l.chapUser(), l.chapPassword())).toList())));
        Map<String, DpvAnswer> answers = steps.onDpvs(op, actions);
        answers.forEach((dpv, a) -> {
            if (!a.answered()) {
                down.add(dpv);
            }
        });
        record(op, "export", todo, answers, LegEntity.EXPORTED, false);
        return down;
    }

    /**
     * Creates (remakes the linears of) and exports to {@code iqn} every leg of the dlv on {@code dpv}
     * that a served dlv has there, whatever their recorded status: after the dpv's restart its
     * kernel lost the exports the rows still show. Recorded as exported, so a detach unexports them.
     */
    void reexport(Started op, String dlv, String dpv, String iqn) throws StepFailed {
        List<Leg> there = steps.legs(op, dlv).stream().filter(l -> l.dpv().equals(dpv)
                && !LegEntity.ALLOCATED.equals(l.status())).toList();
        if (there.isEmpty()) {
            return;
        }
        Map<String, List<Leg>> todo = Map.of(dpv, there);
        record(op, "create", todo, steps.onDpvs(op, Map.of(dpv, new AgentAction.CreateLegs(there.stream()
                .map(l -> new AgentAction.NewLeg(l.name(), l.size(), l.kind() == LegKind.meta)).toList()))), null, true,
                false);
        record(op, "export", todo, steps.onDpvs(op, Map.of(dpv, new AgentAction.ExportLegs(iqn, there.stream()
                .map(l -> new AgentAction.LegExport(l.name(), l.chapUser(), l.chapPassword())).toList()))),
                LegEntity.EXPORTED, true, true);
    }

    /** Unexports the legs that are exported (or were missing at the last assembly). */
    void unexportExported(Started op, String dlv) throws StepFailed {
        Map<String, List<Leg>> todo = byDpv(steps.legs(op, dlv).stream()
                .filter(l -> LegEntity.EXPORTED.equals(l.status()) || LegEntity.MISSING.equals(l.status())).toList());
        Map<String, AgentAction> actions = new LinkedHashMap<>();
        todo.forEach((dpv, legs) -> actions.put(dpv, new AgentAction.UnexportLegs(legs.stream().map(Leg::name).toList())));
        record(op, "unexport", todo, steps.onDpvs(op, actions), LegEntity.CREATED, true);
    }

    /** Deletes every leg of the dlv; the rows go with each dpv's answer. */
    void deleteAll(Started op, String dlv) throws StepFailed {
        Map<String, List<Leg>> todo = byDpv(steps.legs(op, dlv));
        Map<String, AgentAction> actions = new LinkedHashMap<>();
        todo.forEach((dpv, legs) -> actions.put(dpv, new AgentAction.DeleteLegs(legs.stream().map(Leg::name).toList())));
        record(op, "delete", todo, steps.onDpvs(op, actions), null, true);
    }

    /**
     * Records the legs of every dpv that did the step ({@code status} null: the rows go), all in one
     * transaction, then fails with the first refusal, or with the first silence when every dpv must answer.
     */
    private void record(Started op, String verb, Map<String, List<Leg>> todo, Map<String, DpvAnswer> answers,
            String status, boolean everyDpvMustAnswer) throws StepFailed {
        record(op, verb, todo, answers, status, everyDpvMustAnswer, true);
    }

    /** {@code changeRows} false: the sizes only (a step that changes no leg's status). */
    private void record(Started op, String verb, Map<String, List<Leg>> todo, Map<String, DpvAnswer> answers,
            String status, boolean everyDpvMustAnswer, boolean changeRows) throws StepFailed {
        StepFailed first = null;
        // by name: two operations recording on the same dpvs lock their rows in the same order
        Map<String, AgentResult.VolumeGroup> done = new TreeMap<>();
        for (Map.Entry<String, DpvAnswer> e : answers.entrySet()) {
            String dpv = e.getKey();
            DpvAnswer answer = e.getValue();
            if (!answer.answered() && !everyDpvMustAnswer) {
                continue;
            }
            try {
                done.put(dpv, Steps.required(verb, dpv, answer));
            } catch (StepFailed failed) {
                first = first == null ? failed : first;
            }
        }
        if (!done.isEmpty()) {
            steps.step(op, em -> {
                long now = steps.clock().millis();
                // the store's lock order: dpv rows before leg rows
                done.forEach((dpv, vg) -> Steps.seen(em, dpv, vg, now));
                if (!changeRows) {
                    return null;
                }
                done.keySet().forEach(dpv -> {
                    for (Leg leg : todo.get(dpv)) {
                        LegEntity row = em.find(LegEntity.class, leg.name());
                        if (row != null && status == null) {
                            em.remove(row);
                        } else if (row != null) {
                            row.setStatus(status);
                        }
                    }
                });
                return null;
            });
        }
        if (first != null) {
            throw first;
        }
    }

    /** The user's device and the pools' transaction as the ihost reports them; missing legs make it degraded. */
    static void served(EntityManager em, DlvEntity d, AgentResult.Assembled assembled, long now) {
        d.setDevicePath(assembled.devicePath());
        d.setThinTransaction(assembled.transactionId());
        // the assembly carried out a pending revert before its device appeared
        d.setRevert(null, null);
        Set<String> missing = new TreeSet<>(assembled.missingLegs());
        for (LegEntity leg : DlvViews.legs(em, d.getName())) {
            leg.setFresh(false);
            if (missing.contains(leg.getName())) {
                leg.setStatus(LegEntity.MISSING);
            }
        }
        if (missing.isEmpty()) {
            d.setState(DlvStatus.attached.name(), null, null, now);
        } else {
            d.setState(DlvStatus.degraded.name(), "legs the ihost cannot reach: " + String.join(", ", missing), null, now);
        }
    }

    static void detached(EntityManager em, DlvEntity d, long now) {
        org.dlvm.worker.health.DlvHealthUpdates.forget(em, d.getName());
        d.setIhost(null);
        d.setDevicePath(null);
        d.setState(DlvStatus.available.name(), null, null, now);
    }

    /** The dlv's sizes follow its legs: the virtual size it was extended to, and the data its pools hold. */
    static void grown(EntityManager em, DlvEntity d) {
        d.setSize(d.getTargetSize());
        d.setDataSize(DlvViews.legs(em, d.getName()).stream()
                .filter(l -> LegKind.data.name().equals(l.getKind()) && l.getPosition() == 0)
                .mapToLong(l -> DlvGeometry.carriedBytes(l.getSize())).sum());
    }
}
