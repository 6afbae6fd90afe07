package org.dlvm.dpvagent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlvm.agent.AgentFacts;
import org.dlvm.node.RefusingNodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.junit.Test;

public class DpvRequestsTest {
    /** A node whose volume group is either there or fails with a given message. */
    private static final class FakeDriver extends RefusingNodeDriver {
        VolumeGroupInfo group;
        String failure;
        List<String> problems = List.of();
        String askedFor;
        int reads;
        final List<String> calls = new ArrayList<>();

        @Override
        public void createLeg(String vg, String leg, long bytes, boolean holdsMetadata) {
            calls.add("create " + vg + " " + leg + " " + bytes + (holdsMetadata ? " meta" : ""));
        }

        @Override
        public void exportLeg(String leg, String initiatorIqn, String chapUser, String chapPassword) {
            calls.add("export " + leg + " " + initiatorIqn + " " + chapUser + " " + chapPassword);
        }

        @Override
        public void unexportLeg(String leg) {
            calls.add("unexport " + leg);
        }

        @Override
        public void deleteLeg(String vg, String leg) {
            calls.add("delete " + vg + " " + leg);
        }

        @Override
        public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
            askedFor = vg;
            reads++;
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
    private long nanos = 1_000_000_000L;
    private final DpvRequests dpv = new DpvRequests(driver, "dlvm_vg", () -> nanos);

    private void secondsPass(long seconds) {
        nanos += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    public void describeAnswersTheConfiguredGroupsSizes() throws Exception {
        driver.group = new VolumeGroupInfo("dlvm_vg", 5L << 40, 3L << 40);
        AgentResult result = dpv.handle(new AgentAction.Describe());
        assertEquals(new AgentResult.VolumeGroup("dlvm_vg", 5L << 40, 3L << 40), result);
        assertEquals("dlvm_vg", driver.askedFor);
    }

    @Test
    public void everyLegOfAnActionIsDoneInOrderAndTheGroupsSizesAnswered() throws Exception {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        AgentResult sizes = new AgentResult.VolumeGroup("dlvm_vg", 100, 40);
        assertEquals(sizes, dpv.handle(new AgentAction.CreateLegs(List.of(new AgentAction.NewLeg("l1", 4096, true),
                new AgentAction.NewLeg("l2", 8192, false)))));
        assertEquals(sizes, dpv.handle(new AgentAction.ExportLegs("iqn.h1", List.of(
                new AgentAction.LegExport("l1", "u", "p"), new AgentAction.LegExport("l2", null, null)))));
        assertEquals(sizes, dpv.handle(new AgentAction.UnexportLegs(List.of("l1", "l2"))));
        assertEquals(sizes, dpv.handle(new AgentAction.DeleteLegs(List.of("l2", "l1"))));
        assertEquals(List.of("create dlvm_vg l1 4096 meta", "create dlvm_vg l2 8192",
                "export l1 iqn.h1 u p", "export l2 iqn.h1 null null", "unexport l1", "unexport l2",
                "delete dlvm_vg l2", "delete dlvm_vg l1"), driver.calls);
    }

    @Test
    public void aLegWithoutPositiveSizeIsRefusedAsInvalidBeforeTheDriverIsAsked() {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        for (long size : new long[] { 0, -4096 }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dpv.handle(new AgentAction.CreateLegs(List.of(new AgentAction.NewLeg("l1", size, false)))));
            assertEquals("leg l1 needs a positive size, got " + size, e.getMessage());
        }
        assertEquals(List.of(), driver.calls);
    }

    @Test
    public void describeThrowsTheDriversFailureOn() {
        driver.failure = "Volume group \"dlvm_vg\" not found";
        try {
            dpv.handle(new AgentAction.Describe());
            fail();
        } catch (NodeException e) {
            assertEquals("Volume group \"dlvm_vg\" not found", e.getMessage());
        }
    }

    @Test
    public void anActionOfAnotherRoleIsRefusedAsInvalidByName() {
        // an IllegalArgumentException is what the runtime answers with code invalid (RequestProcessorTest)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dpv.handle(new AgentAction.AssembleDlv(null)));
        assertEquals("a dpv agent does not do 'dlv.assemble'", e.getMessage());
        assertEquals(List.of(), driver.calls);
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

    @Test
    public void heartbeatsWithinAMinuteReportTheLastReadingWithoutReadingTheGroupAgain() {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        dpv.facts();
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 10);
        secondsPass(DpvRequests.FACTS_MAX_AGE_SECONDS - 1);
        assertEquals(new AgentFacts(100L, 40L, null, null), dpv.facts());
        assertEquals(1, driver.reads);
        // somebody else's lvcreate shows once the reading is a minute old
        secondsPass(1);
        assertEquals(new AgentFacts(100L, 10L, null, null), dpv.facts());
        assertEquals(2, driver.reads);
    }

    @Test
    public void aHeartbeatAfterALegActionReportsTheSizesThatActionRead() throws Exception {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        dpv.facts();
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 30);
        dpv.handle(new AgentAction.CreateLegs(List.of(new AgentAction.NewLeg("l1", 10, false))));
        assertEquals(new AgentFacts(100L, 30L, null, null), dpv.facts());
        assertEquals(2, driver.reads);
    }

    @Test
    public void afterAFailedReadingEveryHeartbeatReadsAgainUntilTheGroupIsBack() {
        driver.group = new VolumeGroupInfo("dlvm_vg", 100, 40);
        dpv.facts();
        driver.failure = "volume group dlvm_vg not found";
        dpv.facts(); // the kept reading is young: not read
        assertEquals(1, driver.reads);
        assertThrows(NodeException.class, () -> dpv.handle(new AgentAction.Describe()));
        assertEquals(new AgentFacts(null, null, null, "volume group dlvm_vg not found"), dpv.facts());
        driver.failure = null;
        assertEquals(new AgentFacts(100L, 40L, null, null), dpv.facts());
        assertEquals(4, driver.reads);
    }
}
