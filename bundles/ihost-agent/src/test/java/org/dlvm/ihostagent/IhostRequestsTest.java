package org.dlvm.ihostagent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.dlvm.agent.AgentFacts;
import org.dlvm.node.RefusingNodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.junit.Test;

public class IhostRequestsTest {
    /** A node whose initiator name is either set or fails with a given message. */
    private static final class FakeDriver extends RefusingNodeDriver {
        String iqn;
        String failure;
        List<String> problems = List.of();

        @Override
        public VolumeGroupInfo volumeGroup(String vg) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String initiatorIqn() throws NodeException {
            if (failure != null) {
                throw new NodeException(failure);
            }
            return iqn;
        }

        @Override
        public List<String> problems() {
            return problems;
        }

        @Override
        public String kind() {
            return "fake";
        }
    }

    private final FakeDriver driver = new FakeDriver();
    private final IhostRequests ihost = new IhostRequests(driver);

    private static AgentRequest request(String action) {
        return new AgentRequest("op-1", action, "ihost/h1", 1, Map.of());
    }

    @Test
    public void describeAnswersTheInitiatorName() throws Exception {
        driver.iqn = "iqn.1993-08.org.debian:01:h1";
        assertEquals(AgentReply.success(Map.of("initiator_iqn", "iqn.1993-08.org.debian:01:h1")),
                ihost.handle(request("describe")));
    }

    @Test
    public void describeThrowsTheDriversFailureOn() {
        driver.failure = "no /etc/iscsi/initiatorname.iscsi: install open-iscsi";
        try {
            ihost.handle(request("describe"));
            fail();
        } catch (NodeException e) {
            assertEquals("no /etc/iscsi/initiatorname.iscsi: install open-iscsi", e.getMessage());
        }
    }

    @Test
    public void anUnknownActionIsRefusedByName() throws Exception {
        AgentReply reply = ihost.handle(request("login"));
        assertFalse(reply.ok());
        assertEquals("unknown action 'login' for an ihost agent", reply.error());
    }

    @Test
    public void factsCarryTheInitiatorName() {
        driver.iqn = "iqn.2026-11.org.dlvm.sim:h1";
        assertEquals(new AgentFacts(null, null, "iqn.2026-11.org.dlvm.sim:h1", null), ihost.facts());
    }

    @Test
    public void aFailingDriverBecomesTheProblemWithWhatTheNodeLacks() {
        driver.failure = "no /etc/iscsi/initiatorname.iscsi: install open-iscsi";
        driver.problems = List.of("command 'iscsiadm' not found: install open-iscsi (iscsi-initiator-utils on RHEL)");
        assertEquals(new AgentFacts(null, null, null, "no /etc/iscsi/initiatorname.iscsi: install open-iscsi; "
                + "command 'iscsiadm' not found: install open-iscsi (iscsi-initiator-utils on RHEL)"), ihost.facts());
    }
}
