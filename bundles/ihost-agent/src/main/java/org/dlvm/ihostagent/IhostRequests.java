package org.dlvm.ihostagent;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestHandler;
import org.dlvm.api.DlvLayout;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;

/** What an ihost answers and reports, from its node driver. */
public final class IhostRequests implements RequestHandler, FactsSource {
    private final NodeDriver driver;

    public IhostRequests(NodeDriver driver) {
        this.driver = driver;
    }

    /** A driver failure is thrown on, and the runtime answers it as a failure with its message. */
    @Override
    public AgentResult handle(AgentAction action) throws NodeException {
        if (action instanceof AgentAction.Describe) {
            return new AgentResult.Initiator(driver.initiatorIqn());
        } else if (action instanceof AgentAction.AssembleDlv assemble) {
            return assembled(driver.assembleDlv(require(assemble.layout())));
        } else if (action instanceof AgentAction.GrowDlv grow) {
            return assembled(driver.growDlv(require(grow.layout())));
        } else if (action instanceof AgentAction.DisassembleDlv disassemble) {
            driver.disassembleDlv(require(disassemble.layout()));
            return new AgentResult.Done();
        } else if (action instanceof AgentAction.CreateSnapshot snap) {
            return new AgentResult.Transaction(driver.createSnapshot(require(snap.layout()), snap.thinId(), snap.originId()));
        } else if (action instanceof AgentAction.DeleteSnapshot snap) {
            return new AgentResult.Transaction(driver.deleteSnapshot(require(snap.layout()), snap.thinId()));
        } else if (action instanceof AgentAction.PoolUsage usage) {
            return new AgentResult.Pools(driver.poolUsage(require(usage.layout())).stream()
                    .map(p -> new AgentResult.Pool(p.member(), p.usedDataBlocks(), p.totalDataBlocks())).toList());
        }
        throw new IllegalArgumentException("an ihost agent does not do '" + action.name() + "'");
    }

    private static DlvLayout require(DlvLayout layout) {
        if (layout == null) {
            throw new IllegalArgumentException("the request carries no layout");
        }
        return layout;
    }

    private static AgentResult assembled(AssembledDlv dlv) {
        return new AgentResult.Assembled(dlv.devicePath(), dlv.transactionId(), dlv.missingLegs());
    }

    /** An ihost without an initiator name stays up and says why, so that an operator sees it. */
    @Override
    public AgentFacts facts() {
        try {
            return new AgentFacts(null, null, driver.initiatorIqn(), null);
        } catch (NodeException e) {
            return AgentFacts.problem(AgentFacts.problemText(e.getMessage(), driver.problems()));
        }
    }
}
