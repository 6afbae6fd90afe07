package org.dlvm.ihostagent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.fail;

import java.util.List;

import org.dlvm.agent.AgentFacts;
import org.dlvm.api.DlvLayout;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.RefusingNodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.PoolUsage;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;
import org.junit.Test;

public class IhostRequestsTest {
    /** A node whose initiator name is either set or fails with a given message. */
    private static final class FakeDriver extends RefusingNodeDriver {
        String iqn;
        String failure;
        List<String> problems = List.of();
        DlvLayout given;
        String did;
        List<DlvLayout> probed;
        String probeFailure;
        java.util.concurrent.CountDownLatch probeHangs;
        /** the probe finds no device of any dlv (taken while a detach tore them down) */
        volatile boolean tornDown;

        @Override
        public List<org.dlvm.api.DlvState> dlvStates(List<DlvLayout> layouts) throws NodeException {
            if (probeHangs != null) {
                try {
                    probeHangs.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (probeFailure != null) {
                throw new NodeException(probeFailure);
            }
            probed = layouts;
            if (tornDown) {
                return layouts.stream().map(l -> new org.dlvm.api.DlvState(l.dlv(), "none of its mirrors is assembled here",
                        null)).toList();
            }
            return layouts.stream().map(l -> new org.dlvm.api.DlvState(l.dlv(), null, List.of(
                    new org.dlvm.api.MirrorState(0, "meta", 0, "AD", 10, 10, "idle")))).toList();
        }

        @Override
        public AssembledDlv assembleDlv(DlvLayout layout) {
            given = layout;
            did = "assemble";
            return new AssembledDlv("/dev/mapper/dlvm-" + layout.dlv(), 3, List.of("l2"));
        }

        @Override
        public AssembledDlv growDlv(DlvLayout layout) {
            given = layout;
            did = "grow";
            return new AssembledDlv("/dev/mapper/dlvm-" + layout.dlv(), 4, List.of());
        }

        @Override
        public void disassembleDlv(DlvLayout layout) {
            given = layout;
            did = "disassemble";
        }

        @Override
        public long createSnapshot(DlvLayout layout, long thinId, long originId) {
            given = layout;
            did = "snapshot " + thinId + " of " + originId;
            return 5;
        }

        @Override
        public long deleteSnapshot(DlvLayout layout, long thinId) {
            given = layout;
            did = "delete snapshot " + thinId;
            return 6;
        }

        @Override
        public List<PoolUsage> poolUsage(DlvLayout layout) {
            given = layout;
            did = "usage";
            return List.of(new PoolUsage(0, 10, 100), new PoolUsage(1, 20, 100));
        }

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

    private static final DlvLayout LAYOUT = new DlvLayout("v1", 1L << 30, 128, 128, 4096, 16, 1, 2,
            List.of(new DlvLayout.Member(0, List.of(new DlvLayout.Mirror(0, 8 << 20, false, List.of(
                    new DlvLayout.Leg("l1", "dpv1", "10.0.0.1", 3260, null, null, true),
                    new DlvLayout.Leg("l2", "dpv2", "10.0.0.2", 3260, null, null, false)))), List.of())));

    @Test
    public void describeAnswersTheInitiatorName() throws Exception {
        driver.iqn = "iqn.1993-08.org.debian:01:h1";
        assertEquals(new AgentResult.Initiator("iqn.1993-08.org.debian:01:h1"), ihost.handle(new AgentAction.Describe()));
    }

    @Test
    public void theLayoutInTheActionReachesTheDriverAndItsAnswerIsTyped() throws Exception {
        assertEquals(new AgentResult.Assembled("/dev/mapper/dlvm-v1", 3, List.of("l2")),
                ihost.handle(new AgentAction.AssembleDlv(LAYOUT)));
        assertEquals("assemble", driver.did);
        assertSame(LAYOUT, driver.given);
        assertEquals(new AgentResult.Assembled("/dev/mapper/dlvm-v1", 4, List.of()),
                ihost.handle(new AgentAction.GrowDlv(LAYOUT)));
        assertEquals("grow", driver.did);
        assertEquals(new AgentResult.Done(), ihost.handle(new AgentAction.DisassembleDlv(LAYOUT)));
        assertEquals("disassemble", driver.did);
        assertEquals(new AgentResult.Transaction(5), ihost.handle(new AgentAction.CreateSnapshot(LAYOUT, 7, 1)));
        assertEquals("snapshot 7 of 1", driver.did);
        assertEquals(new AgentResult.Transaction(6), ihost.handle(new AgentAction.DeleteSnapshot(LAYOUT, 7)));
        assertEquals("delete snapshot 7", driver.did);
        assertEquals(new AgentResult.Pools(List.of(new AgentResult.Pool(0, 10, 100), new AgentResult.Pool(1, 20, 100))),
                ihost.handle(new AgentAction.PoolUsage(LAYOUT)));
        assertEquals("usage", driver.did);
        assertSame(LAYOUT, driver.given);
    }

    @Test
    public void anActionWithoutLayoutIsRefusedAsInvalid() {
        for (AgentAction action : List.<AgentAction>of(new AgentAction.AssembleDlv(null), new AgentAction.GrowDlv(null),
                new AgentAction.DisassembleDlv(null), new AgentAction.CreateSnapshot(null, 7, 1),
                new AgentAction.DeleteSnapshot(null, 7), new AgentAction.PoolUsage(null))) {
            IllegalArgumentException e = assertThrows(action.name(), IllegalArgumentException.class,
                    () -> ihost.handle(action));
            assertEquals("the request carries no layout", e.getMessage());
        }
        assertNull("the driver was not asked", driver.did);
    }

    @Test
    public void describeThrowsTheDriversFailureOn() {
        driver.failure = "no /etc/iscsi/initiatorname.iscsi: install open-iscsi";
        try {
            ihost.handle(new AgentAction.Describe());
            fail();
        } catch (NodeException e) {
            assertEquals("no /etc/iscsi/initiatorname.iscsi: install open-iscsi", e.getMessage());
        }
    }

    @Test
    public void anActionOfAnotherRoleIsRefusedAsInvalidByName() {
        // an IllegalArgumentException is what the runtime answers with code invalid (RequestProcessorTest)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ihost.handle(new AgentAction.CreateLegs(List.of(new AgentAction.NewLeg("l1", 4096, false)))));
        assertEquals("an ihost agent does not do 'legs.create'", e.getMessage());
        assertNull(driver.did);
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

    /** Heartbeats carry the mirrors of the dlvs assembled here, until they are taken down. */
    @Test
    public void factsCarryTheStateOfEveryDlvAssembledHere() throws Exception {
        driver.iqn = "iqn.2026-11.org.dlvm.sim:h1";
        assertNull("nothing held, nothing probed", ihost.facts().dlvs());
        ihost.handle(new AgentAction.AssembleDlv(LAYOUT));
        DlvLayout other = new DlvLayout("a0", 1L << 30, 128, 128, 4096, 16, 1, 2, LAYOUT.members());
        ihost.handle(new AgentAction.AssembleDlv(other));
        assertEquals(List.of(new org.dlvm.api.DlvState("a0", null, List.of(new org.dlvm.api.MirrorState(0, "meta", 0, "AD",
                10, 10, "idle"))), new org.dlvm.api.DlvState("v1", null, List.of(new org.dlvm.api.MirrorState(0, "meta", 0,
                "AD", 10, 10, "idle")))), ihost.facts().dlvs());
        assertEquals(List.of(other, LAYOUT), driver.probed);

        driver.probeFailure = "dmsetup: command not found";
        assertEquals("a probe that fails is each dlv's problem, the node stays up", List.of(
                new org.dlvm.api.DlvState("a0", "cannot read its mirrors: dmsetup: command not found", null),
                new org.dlvm.api.DlvState("v1", "cannot read its mirrors: dmsetup: command not found", null)),
                ihost.facts().dlvs());
        assertNull(ihost.facts().problem());
        driver.probeFailure = null;

        ihost.handle(new AgentAction.DisassembleDlv(other));
        assertEquals(List.of("v1"), ihost.facts().dlvs().stream().map(org.dlvm.api.DlvState::dlv).toList());
    }

    /** The kernel can keep a probe waiting; the heartbeat does not wait with it, and takes its result later. */
    @Test
    public void aProbeThatHangsDoesNotHoldTheHeartbeat() throws Exception {
        driver.iqn = "iqn.2026-11.org.dlvm.sim:h1";
        try (IhostRequests quick = new IhostRequests(driver, 100)) {
            quick.handle(new AgentAction.AssembleDlv(LAYOUT));
            driver.probeHangs = new java.util.concurrent.CountDownLatch(1);
            long start = System.nanoTime();
            AgentFacts facts = quick.facts();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            org.junit.Assert.assertTrue("took " + tookMillis + " ms", tookMillis < 1000);
            assertEquals("no result yet", null, facts.dlvs());
            assertEquals("iqn.2026-11.org.dlvm.sim:h1", facts.initiatorIqn());
            driver.probeHangs.countDown();
            Thread.sleep(50);
            assertEquals("AD", quick.facts().dlvs().get(0).mirrors().get(0).legs());
        }
    }

    /**
     * A probe that began before the dlv was assembled again (it saw a detach's teardown) and ended
     * after it is not reported of that dlv: the next probe's result is.
     */
    @Test
    public void aProbeThatBeganBeforeTheDlvWasAssembledAgainIsNotReportedOfIt() throws Exception {
        driver.iqn = "iqn.2026-11.org.dlvm.sim:h1";
        try (IhostRequests quick = new IhostRequests(driver, 100)) {
            quick.handle(new AgentAction.AssembleDlv(LAYOUT));
            assertEquals("AD", quick.facts().dlvs().get(0).mirrors().get(0).legs());
            driver.probeHangs = new java.util.concurrent.CountDownLatch(1);
            driver.tornDown = true;
            quick.facts(); // this probe begins now, while the detach tears the devices down
            quick.handle(new AgentAction.DisassembleDlv(LAYOUT));
            quick.handle(new AgentAction.AssembleDlv(LAYOUT));
            driver.tornDown = false;
            driver.probeHangs.countDown();
            Thread.sleep(50);
            assertEquals("the stale probe says nothing of the dlv assembled after it began", List.of(),
                    quick.facts().dlvs());
            assertEquals("AD", quick.facts().dlvs().get(0).mirrors().get(0).legs());
        }
    }
}
