package org.dlvm.dpvagent;

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

public class DpvRequestsTest {
    /** A node whose volume group is either there or fails with a given message. */
    private static final class FakeDriver extends RefusingNodeDriver {
        VolumeGroupInfo group;
        String failure;
        List<String> problems = List.of();
        String askedFor;

        @Override
        public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
            askedFor = vg;
            if (failure != null) {
                throw new NodeException(failure);
            }
            return group;
        }

        @Override
        public String initiatorIqn() {
            throw new UnsupportedOperationException();
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
    private final DpvRequests dpv = new DpvRequests(driver, "dlvm_vg");

    private static AgentRequest request(String action) {
        return new AgentRequest("op-1", action, "dpv/d1", 1, Map.of());
    }

    @Test
    public void describeAnswersTheConfiguredGroupsSizes() throws Exception {
        driver.group = new VolumeGroupInfo("dlvm_vg", 5L << 40, 3L << 40);
        AgentReply reply = dpv.handle(request("describe"));
        assertEquals(AgentReply.success(Map.of("total_size", 5L << 40, "free_size", 3L << 40, "vg", "dlvm_vg")), reply);
        assertEquals("dlvm_vg", driver.askedFor);
    }

    @Test
    public void describeThrowsTheDriversFailureOn() {
        driver.failure = "Volume group \"dlvm_vg\" not found";
        try {
            dpv.handle(request("describe"));
            fail();
        } catch (NodeException e) {
            assertEquals("Volume group \"dlvm_vg\" not found", e.getMessage());
        }
    }

    @Test
    public void anUnknownActionIsRefusedByName() throws Exception {
        AgentReply reply = dpv.handle(request("format"));
        assertFalse(reply.ok());
        assertEquals("unknown action 'format' for a dpv agent", reply.error());
    }

    @Test
    public void factsCarryTheSizes() {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        assertEquals(new AgentFacts(100L, 40L, null, null), dpv.facts());
    }

    @Test
    public void aFailingDriverBecomesTheProblemWithWhatTheNodeLacks() {
        driver.failure = "command 'lvm' not found: install lvm2 (LVM2 tools)";
        driver.problems = List.of("kernel module dm_mod (device-mapper) is not loaded: run modprobe dm_mod",
                "command 'lvm' not found: install lvm2 (LVM2 tools)");
        assertEquals(new AgentFacts(null, null, null, "command 'lvm' not found: install lvm2 (LVM2 tools); "
                + "kernel module dm_mod (device-mapper) is not loaded: run modprobe dm_mod"), dpv.facts());
    }
}
