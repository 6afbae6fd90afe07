package org.dlvm.ihostagent;

import java.util.Map;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestHandler;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.protocol.Actions;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;

/** What an ihost answers and reports, from its node driver. */
public final class IhostRequests implements RequestHandler, FactsSource {
    private final NodeDriver driver;

    public IhostRequests(NodeDriver driver) {
        this.driver = driver;
    }

    /** A driver failure is thrown on, and the runtime answers it as a failure with its message. */
    @Override
    public AgentReply handle(AgentRequest request) throws NodeException {
        if (Actions.DESCRIBE.equals(request.action())) {
            return AgentReply.success(Map.of("initiator_iqn", driver.initiatorIqn()));
        }
        return AgentReply.failure("unknown action '" + request.action() + "' for an ihost agent");
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
