package org.dlvm.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.Queues;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.Steps.StepFailed;
import org.dlvm.worker.Worker.Outcome;
import org.dlvm.worker.Worker.Started;

/**
 * dlv-cleanup: removes from one node what it holds of a dlv that no row wants there
 * ({@link NodeComparisons} found it). Under the dlv's lock the rows are read again and only what is
 * still unwanted goes: on an ihost, the stack and the sessions; on a dpv, each export either goes
 * (the leg must not be exported) or is made again for the dlv's ihost alone (another initiator's
 * ACL goes with it: fencing). Nothing is ever created on an ihost, and no LV is deleted.
 */
final class CleanUpDlv {
    private final Steps steps;

    CleanUpDlv(Steps steps) {
        this.steps = steps;
    }

    Outcome run(Started op) {
        String dlv = OperationKind.objectName(op.target());
        OperationArgs.DlvCleanup args = (OperationArgs.DlvCleanup) op.args();
        try {
            return args.ihost() != null ? onIhost(op, dlv, args) : onDpv(op, args);
        } catch (StepFailed | Steps.LockLost e) {
            return Steps.withoutChange(OperationStatus.failed, e.getMessage());
        }
    }

    private Outcome onIhost(Started op, String dlv, OperationArgs.DlvCleanup args) throws StepFailed {
        List<String> parts = args.dlvPart() == null ? List.of() : List.of(args.dlvPart());
        Leftovers.Cleanup still = steps.step(op, em -> Leftovers.ofIhost(args.ihost(),
                new AgentResult.IhostHoldings(parts, args.legs()), NodeComparisons.rowsForIhost(em, args.ihost(), parts,
                        args.legs())).stream().filter(c -> c.dlv().equals(dlv)).findFirst().orElse(null));
        if (still == null) {
            return Steps.withoutChange(OperationStatus.succeeded, null);
        }
        steps.onNode(op, Queues.Role.ihost, args.ihost(), new AgentAction.TearDownDlv(still.args().dlvPart(),
                still.args().legs()), AgentResult.Done.class);
        return Steps.withoutChange(OperationStatus.succeeded, null);
    }

    private Outcome onDpv(Started op, OperationArgs.DlvCleanup args) throws StepFailed {
        String dpv = args.dpv();
        List<String> unexport = new ArrayList<>();
        Map<String, List<AgentAction.LegExport>> reexport = new LinkedHashMap<>();
        steps.step(op, em -> {
            Leftovers.Rows rows = NodeComparisons.rowsForLegs(em, args.legs());
            for (String leg : args.legs()) {
                Leftovers.exportWanted(dpv, leg, rows).ifPresent(wanted -> {
                    if (wanted.initiator() == null) {
                        unexport.add(leg);
                    } else {
                        LegEntity entity = em.find(LegEntity.class, leg);
                        reexport.computeIfAbsent(wanted.initiator(), i -> new ArrayList<>()).add(
                                new AgentAction.LegExport(leg, entity.getChapUser(), entity.getChapPassword()));
                    }
                });
            }
            return null;
        });
        if (!unexport.isEmpty()) {
            Steps.required("unexport", dpv, steps.onDpvs(op, Map.of(dpv, new AgentAction.UnexportLegs(unexport)))
                    .get(dpv));
        }
        for (Map.Entry<String, List<AgentAction.LegExport>> e : reexport.entrySet()) {
            Steps.required("export", dpv, steps.onDpvs(op, Map.of(dpv, new AgentAction.ExportLegs(e.getKey(),
                    e.getValue()))).get(dpv));
        }
        return Steps.withoutChange(OperationStatus.succeeded, null);
    }
}
