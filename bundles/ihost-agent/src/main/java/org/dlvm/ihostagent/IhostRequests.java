package org.dlvm.ihostagent;

import java.util.Map;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestArgs;
import org.dlvm.agent.RequestHandler;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.protocol.Actions;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.Args;
import org.dlvm.api.DlvLayout;
import org.dlvm.protocol.MessageCodec;

/** What an ihost answers and reports, from its node driver. */
public final class IhostRequests implements RequestHandler, FactsSource {
    private final NodeDriver driver;
    private final MessageCodec codec = new MessageCodec();

    public IhostRequests(NodeDriver driver) {
        this.driver = driver;
    }

    /** A driver failure is thrown on, and the runtime answers it as a failure with its message. */
    @Override
    public AgentReply handle(AgentRequest request) throws NodeException {
        RequestArgs args = new RequestArgs(request);
        switch (request.action()) {
        case Actions.DESCRIBE:
            return AgentReply.success(Map.of("initiator_iqn", driver.initiatorIqn()));
        case Actions.DLV_ASSEMBLE:
            return assembled(driver.assembleDlv(layout(args)));
        case Actions.DLV_GROW:
            return assembled(driver.growDlv(layout(args)));
        case Actions.DLV_DISASSEMBLE:
            driver.disassembleDlv(layout(args));
            return AgentReply.success(Map.of());
        case Actions.SNAPSHOT_CREATE:
            return transaction(driver.createSnapshot(layout(args), args.nonNegativeLong(Args.THIN_ID),
                    args.nonNegativeLong(Args.ORIGIN_ID)));
        case Actions.SNAPSHOT_DELETE:
            return transaction(driver.deleteSnapshot(layout(args), args.nonNegativeLong(Args.THIN_ID)));
        case Actions.DLV_USAGE:
            return AgentReply.success(Map.of(Args.POOLS, driver.poolUsage(layout(args)).stream()
                    .map(p -> Map.of(Args.MEMBER, p.member(), Args.USED_DATA_BLOCKS, p.usedDataBlocks(),
                            Args.TOTAL_DATA_BLOCKS, p.totalDataBlocks()))
                    .toList()));
        default:
            return AgentReply.failure("unknown action '" + request.action() + "' for an ihost agent");
        }
    }

    private DlvLayout layout(RequestArgs args) {
        return codec.decode(args.string(Args.LAYOUT), DlvLayout.class);
    }

    private static AgentReply assembled(AssembledDlv dlv) {
        return AgentReply.success(Map.of(Args.DEVICE_PATH, dlv.devicePath(), Args.TRANSACTION_ID, dlv.transactionId(),
                Args.MISSING_LEGS, dlv.missingLegs()));
    }

    private static AgentReply transaction(long id) {
        return AgentReply.success(Map.of(Args.TRANSACTION_ID, id));
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
