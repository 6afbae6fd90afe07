package org.dlvm.dpvagent;

import java.util.Map;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestArgs;
import org.dlvm.agent.RequestHandler;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.protocol.Actions;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.Args;

/** What a dpv answers and reports, from its node driver and volume group. */
public final class DpvRequests implements RequestHandler, FactsSource {
    private final NodeDriver driver;
    private final String vg;

    public DpvRequests(NodeDriver driver, String vg) {
        this.driver = driver;
        this.vg = vg;
    }

    /**
     * A driver failure is thrown on, and the runtime answers it as a failure with its message.
     * Every leg action answers the volume group's sizes, so the controller's view follows each change.
     */
    @Override
    public AgentReply handle(AgentRequest request) throws NodeException {
        RequestArgs args = new RequestArgs(request);
        switch (request.action()) {
        case Actions.DESCRIBE:
            return sizes();
        case Actions.LEG_CREATE:
            driver.createLeg(vg, args.string(Args.LEG), args.positiveLong(Args.SIZE), args.flag(Args.HOLDS_METADATA));
            return sizes();
        case Actions.LEG_EXPORT:
            driver.exportLeg(args.string(Args.LEG), args.string(Args.INITIATOR_IQN), args.optionalString(Args.CHAP_USER),
                    args.optionalString(Args.CHAP_PASSWORD));
            return sizes();
        case Actions.LEG_UNEXPORT:
            driver.unexportLeg(args.string(Args.LEG));
            return sizes();
        case Actions.LEG_DELETE:
            driver.deleteLeg(vg, args.string(Args.LEG));
            return sizes();
        default:
            return AgentReply.failure("unknown action '" + request.action() + "' for a dpv agent");
        }
    }

    private AgentReply sizes() throws NodeException {
        VolumeGroupInfo group = driver.volumeGroup(vg);
        return AgentReply.success(Map.of("total_size", group.sizeBytes(), "free_size", group.freeBytes(),
                "vg", group.name()));
    }

    /** A dpv whose volume group cannot be read stays up and says why, so that an operator sees it. */
    @Override
    public AgentFacts facts() {
        try {
            VolumeGroupInfo group = driver.volumeGroup(vg);
            return new AgentFacts(group.sizeBytes(), group.freeBytes(), null, null);
        } catch (NodeException e) {
            return AgentFacts.problem(AgentFacts.problemText(e.getMessage(), driver.problems()));
        }
    }
}
