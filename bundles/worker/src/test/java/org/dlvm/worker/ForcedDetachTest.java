package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.node.NodeException;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.Queues;
import org.junit.Before;
import org.junit.Test;

/**
 * Item 4's fencing and item 1's cleanup, on simulated nodes: a dlv taken by force from an ihost
 * that is gone is no longer exported to it before another ihost gets it, and what the old ihost
 * still holds goes when it answers again; a dpv that kept an export no row wants drops it. What a
 * node holds of a served dlv is never touched, and an LV no row knows is left alone.
 */
public class ForcedDetachTest {
    private static final long GIB = 1L << 30;
    private final SimulatedController c = new SimulatedController();
    private final NodeComparisons cleanups = new NodeComparisons(c.store, c.agents, c.queue, Fixtures.config(), c.clock);
    private AgentEvents events;

    @Before
    public void anAttachedDlv() {
        c.fleet("g", 10 * GIB, List.of("dpv1", "dpv2", "dpv3"), List.of("ih1", "ih2"));
        events = new AgentEvents(c.store, c.queue, c.clock);
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.queue.submitted.clear();
    }

    private SimulatedNodeDriver node(String name) {
        return c.agents.drivers.get(name);
    }

    private static String iqn(String node) {
        return "iqn.2026-11.org.dlvm.sim:" + node;
    }

    private void event(AgentEvent.Type type, String node, String role) {
        events.accept(role.equals("dpv") ? new AgentEvent(type, node, "dpv", "0.1.0", 10 * GIB, 9 * GIB, null, null)
                : new AgentEvent(type, node, "ihost", "0.1.0", null, null, iqn(node), null));
        events.run();
    }

    /** Every export of every dpv, leg → initiator. */
    private Map<String, String> exports() {
        Map<String, String> all = new TreeMap<>();
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            all.putAll(node(dpv).exports());
        }
        return all;
    }

    private List<Operation> runSubmitted() {
        List<String> ids = List.copyOf(c.queue.submitted);
        c.queue.submitted.clear();
        return ids.stream().map(id -> c.run(c.operations.get(id))).toList();
    }

    /**
     * A comparison a second after the last operation: one that ended since the node was asked
     * may have made what looks left over or missing, so it is left to the next round.
     */
    private List<String> compare(Queues.Role role, String node) {
        c.clock.millis += 1000;
        return cleanups.cleanUp(role, node);
    }

    private void compareAll() {
        c.clock.millis += 1000;
        cleanups.run();
    }

    private void ihostGone(String ihost) {
        c.agents.down.add(ihost);
        event(AgentEvent.Type.goodbye, ihost, "ihost");
    }

    @Test
    public void aDlvTakenByForceFromAGoneIhostIsFencedAndItsStackGoesWhenTheIhostReturns() {
        ihostGone("ih1");
        Operation plain = c.run(c.dlvs.detach("v1").operation());
        assertEquals("a plain detach needs the ihost", OperationStatus.failed, plain.status());
        assertEquals(DlvStatus.error, c.dlvs.get("v1").status());

        c.succeed(c.dlvs.detach("v1", true, org.dlvm.api.Requester.CONTROLLER));
        assertEquals(DlvStatus.available, c.dlvs.get("v1").status());
        assertTrue(c.dlvs.get("v1").reason(), c.dlvs.get("v1").reason().startsWith(
                "detached by force while ihost 'ih1' was unavailable"));
        assertEquals("fenced: no dpv exports a leg to ih1 any more", Map.of(), exports());
        assertEquals("ih1 could not be told", List.of("v1"), node("ih1").assembledDlvs());

        c.succeed(c.dlvs.attach("v1", "ih2"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        assertTrue(exports().values().stream().allMatch(iqn("ih2")::equals));
        assertEquals(4, exports().size());

        c.queue.submitted.clear();
        compareAll();
        assertEquals("nothing is asked of an ihost that is unavailable", List.of(), c.queue.submitted);

        c.agents.down.remove("ih1");
        event(AgentEvent.Type.announce, "ih1", "ihost");
        runSubmitted();
        compareAll();
        List<Operation> done = runSubmitted();
        assertEquals(1, done.size());
        assertEquals("dlv-cleanup", done.get(0).kind());
        assertEquals("dlv/v1", done.get(0).target());
        assertEquals(done.get(0).error(), OperationStatus.succeeded, done.get(0).status());
        assertEquals("the stale stack is gone", List.of(), node("ih1").assembledDlvs());
        assertEquals("the new ihost keeps it", List.of("v1"), node("ih2").assembledDlvs());
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());

        compareAll();
        assertEquals("nothing is left to clean", List.of(), c.queue.submitted);
    }

    /**
     * A cleanup is no 409 for the user: an attach asked while one waits is accepted, and whichever
     * runs first, the cleanup reads the rows again under the lock and leaves what the attach uses.
     */
    @Test
    public void anAttachAskedWhileACleanupWaitsIsAcceptedAndTheCleanupThenLeavesItsStack() {
        ihostGone("ih1");
        c.succeed(c.dlvs.detach("v1", true, org.dlvm.api.Requester.CONTROLLER));
        c.agents.down.remove("ih1");
        event(AgentEvent.Type.announce, "ih1", "ihost");
        runSubmitted();
        List<String> cleanup = compare(Queues.Role.ihost, "ih1");
        assertEquals(1, cleanup.size());

        c.succeed(c.dlvs.attach("v1", "ih1"));
        Operation done = c.run(c.operations.get(cleanup.get(0)));
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertEquals("the stack the attach took over stays", List.of("v1"), node("ih1").assembledDlvs());
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void aForcedDetachIsRefusedWhileADpvThatExportsItsLegsIsUnavailable() {
        c.agents.down.add("dpv1");
        event(AgentEvent.Type.goodbye, "dpv1", "dpv");
        ihostGone("ih1");
        DlvStatus before = c.dlvs.get("v1").status();
        try {
            c.dlvs.detach("v1", true, org.dlvm.api.Requester.CONTROLLER);
            fail("dpv1 could still serve ih1");
        } catch (DlvmException e) {
            assertEquals("cannot_fence", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("dpv dpv1 (unavailable)"));
        }
        assertEquals("nothing changed", before, c.dlvs.get("v1").status());
        assertEquals(List.of(), c.queue.submitted);
    }

    @Test
    public void aForcedDetachOfALiveIhostTakesItsStackDownLikeAPlainOne() {
        c.succeed(c.dlvs.detach("v1", true, org.dlvm.api.Requester.CONTROLLER));
        assertEquals(DlvStatus.available, c.dlvs.get("v1").status());
        assertEquals(null, c.dlvs.get("v1").reason());
        assertEquals(List.of(), node("ih1").assembledDlvs());
        assertEquals(Map.of(), exports());
    }

    @Test
    public void theStackOfADlvDeletedWhileItsIhostWasAwayGoesToo() {
        ihostGone("ih1");
        c.succeed(c.dlvs.detach("v1", true, org.dlvm.api.Requester.CONTROLLER));
        c.succeed(c.dlvs.delete("v1"));
        c.agents.down.remove("ih1");
        event(AgentEvent.Type.announce, "ih1", "ihost");
        List<String> started = compare(Queues.Role.ihost, "ih1");
        assertEquals(1, started.size());
        Operation done = c.run(c.operations.get(started.get(0)));
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertEquals(List.of(), node("ih1").assembledDlvs());
    }

    @Test
    public void aDpvDropsAnExportNoRowWantsAndFencesAnIntruder() throws NodeException {
        String leg = node("dpv1").exports().keySet().iterator().next();
        node("dpv1").exportLeg(leg, "iqn.2026-11.org.example:intruder", null, null);
        c.succeed(c.dlvs.detach("v1"));
        String kept = node("dpv2").legs().keySet().iterator().next();
        node("dpv2").exportLeg(kept, iqn("ih1"), null, null);
        c.queue.submitted.clear();

        assertEquals("the detach has just ended", List.of(), cleanups.cleanUp(Queues.Role.dpv, "dpv2"));
        List<String> started = compare(Queues.Role.dpv, "dpv2");
        assertEquals(1, started.size());
        assertEquals(OperationStatus.succeeded, c.run(c.operations.get(started.get(0))).status());
        assertEquals("a detached dlv's leg is exported to nobody", Map.of(), node("dpv2").exports());

        c.succeed(c.dlvs.attach("v1", "ih1"));
        node("dpv1").exportLeg(leg, "iqn.2026-11.org.example:intruder", null, null);
        started = compare(Queues.Role.dpv, "dpv1");
        assertEquals(1, started.size());
        assertEquals(OperationStatus.succeeded, c.run(c.operations.get(started.get(0))).status());
        assertEquals("exported again to the dlv's ihost alone", iqn("ih1"), node("dpv1").exports().get(leg));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void whatServedDlvsHoldIsLeftAndAnLvNoRowKnowsIsOnlyReported() throws NodeException {
        node("dpv3").createLeg(SimulatedAgents.VG, "stray", GIB, false);
        Map<String, Long> legsBefore = node("dpv3").legs();
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            assertEquals(dpv, List.of(), compare(Queues.Role.dpv, dpv));
        }
        assertEquals(List.of(), compare(Queues.Role.ihost, "ih1"));
        assertEquals(List.of(), compare(Queues.Role.ihost, "ih2"));
        assertEquals(legsBefore, node("dpv3").legs());
        assertEquals(List.of("v1"), node("ih1").assembledDlvs());
    }
}
