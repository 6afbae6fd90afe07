package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.AgentEvent;
import org.junit.Before;
import org.junit.Test;

/**
 * A node that restarts announces itself, and gets back what it must hold of the dlvs it serves:
 * a dpv its exports (which the kernel lost) before it counts as available again, an ihost its
 * assembled dlvs. On simulated nodes that lose what a reboot loses (SimulatedNodeDriver.reboot).
 */
public class NodeRestartTest {
    private static final long GIB = 1L << 30;
    private static final String IQN = "iqn.2026-11.org.dlvm.sim:ih1";
    private final SimulatedController c = new SimulatedController();
    private AgentEvents events;

    @Before
    public void anAttachedAndADetachedDlv() {
        c.fleet("g", 10 * GIB, List.of("dpv1", "dpv2"), List.of("ih1"));
        events = new AgentEvents(c.store, c.queue, c.clock);
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.succeed(c.dlvs.create(new DlvSpec("cold", GIB, "g", 1, 2, null)));
        c.queue.submitted.clear();
    }

    private SimulatedNodeDriver node(String name) {
        return c.agents.drivers.get(name);
    }

    private void event(AgentEvent.Type type, String node, String role) {
        events.accept(role.equals("dpv") ? new AgentEvent(type, node, "dpv", "0.1.0", 10 * GIB, 9 * GIB, null, null)
                : new AgentEvent(type, node, "ihost", "0.1.0", null, null, IQN, null));
        events.run();
    }

    /** Runs what the announce submitted; answers those operations. */
    private List<Operation> runSubmitted() {
        List<String> ids = List.copyOf(c.queue.submitted);
        c.queue.submitted.clear();
        return ids.stream().map(id -> c.run(c.operations.get(id))).toList();
    }

    private long exportsOf(String dpv, String dlv) {
        return c.store.inTransaction(em -> em.createQuery("select l.name from LegEntity l where l.dlv = :d and l.dpv = :p",
                String.class).setParameter("d", dlv).setParameter("p", dpv).getResultList()).stream()
                .filter(l -> IQN.equals(node(dpv).exports().get(l))).count();
    }

    @Test
    public void aRestartedDpvGetsItsExportsBackBeforeItIsAvailable() {
        long exported = exportsOf("dpv1", "v1");
        assertTrue(exported > 0);
        node("dpv1").reboot();
        assertEquals(0, exportsOf("dpv1", "v1"));

        event(AgentEvent.Type.announce, "dpv1", "dpv");
        assertEquals(NodeStatus.unavailable, c.dpvs.get("dpv1").status());
        assertEquals("restoring the exports of 1 dlv after its agent started", c.dpvs.get("dpv1").reason());
        event(AgentEvent.Type.heartbeat, "dpv1", "dpv");
        assertEquals("heartbeats do not end the wait", NodeStatus.unavailable, c.dpvs.get("dpv1").status());

        List<Operation> restores = runSubmitted();
        assertEquals("one per served dlv with a leg there; the detached one is left alone", 1, restores.size());
        assertEquals("dlv-restore", restores.get(0).kind());
        assertEquals("dlv/v1", restores.get(0).target());
        assertEquals(restores.get(0).error(), OperationStatus.succeeded, restores.get(0).status());
        assertEquals(exported, exportsOf("dpv1", "v1"));

        event(AgentEvent.Type.heartbeat, "dpv1", "dpv");
        ihostReport();
        assertEquals(NodeStatus.available, c.dpvs.get("dpv1").status());
        assertEquals(c.dlvs.get("v1").reason(), DlvStatus.attached, c.dlvs.get("v1").status());
    }

    /** A heartbeat with what the ihost's kernel shows of the dlvs it holds. */
    private void ihostReport() {
        var facts = c.agents.ihostFacts.get("ih1").facts();
        events.accept(new AgentEvent(AgentEvent.Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, IQN, facts.problem(),
                facts.dlvs()));
        events.run();
    }

    /**
     * Its reports from before the reboot say nothing of the kernel after it: the dlv is degraded
     * until its restore assembled it and the ihost reported its mirrors again (the lab's 8c found
     * it `attached` from the old reports while its device did not exist yet).
     */
    @Test
    public void aRestartedIhostAssemblesItsDlvsAgain() {
        ihostReport();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        node("ih1").reboot();
        assertEquals(List.of(), node("ih1").assembledDlvs());
        event(AgentEvent.Type.announce, "ih1", "ihost");
        assertEquals(DlvStatus.degraded, c.dlvs.get("v1").status());
        assertEquals("ihost ih1 has not reported the dlv's mirrors yet", c.dlvs.get("v1").reason());
        ihostReport();
        assertEquals("a report without the dlv changes nothing", DlvStatus.degraded, c.dlvs.get("v1").status());
        List<Operation> restores = runSubmitted();
        assertEquals(1, restores.size());
        assertEquals(restores.get(0).error(), OperationStatus.succeeded, restores.get(0).status());
        assertEquals(List.of("v1"), node("ih1").assembledDlvs());
        assertEquals("/dev/mapper/dlvm-v1", c.dlvs.get("v1").devicePath());
        ihostReport();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void anIhostThatCannotAssembleAgainShowsTheDlvInErrorWithItsReason() {
        node("ih1").reboot();
        c.agents.failing = "ih1 dlv.assemble";
        event(AgentEvent.Type.announce, "ih1", "ihost");
        Operation restore = runSubmitted().get(0);
        assertEquals(OperationStatus.failed, restore.status());
        assertEquals(DlvStatus.error, c.dlvs.get("v1").status());
        assertTrue(c.dlvs.get("v1").reason(), c.dlvs.get("v1").reason().contains("simulated failure of dlv.assemble"));
        // attach again is the retry
        c.succeed(c.dlvs.attach("v1", "ih1"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    /** An agent that restarts without losing anything costs probes only. */
    @Test
    public void anAgentRestartChangesNothing() {
        Map<String, String> exports = node("dpv2").exports();
        event(AgentEvent.Type.announce, "dpv2", "dpv");
        event(AgentEvent.Type.announce, "ih1", "ihost");
        event(AgentEvent.Type.announce, "dpv2", "dpv");
        List<Operation> restores = runSubmitted();
        assertEquals("a second announce while the first restore waits adds none", 2, restores.size());
        restores.forEach(o -> assertEquals(o.error(), OperationStatus.succeeded, o.status()));
        assertEquals(exports, node("dpv2").exports());
        assertEquals(List.of("v1"), node("ih1").assembledDlvs());
        event(AgentEvent.Type.heartbeat, "dpv2", "dpv");
        ihostReport();
        assertEquals(NodeStatus.available, c.dpvs.get("dpv2").status());
        assertEquals(c.dlvs.get("v1").reason(), DlvStatus.attached, c.dlvs.get("v1").status());
    }

    /** A restored dpv's legs are recorded exported: a detach unexports them, nothing stays behind. */
    @Test
    public void aDetachAfterARestoreLeavesNoExport() {
        node("dpv1").reboot();
        event(AgentEvent.Type.announce, "dpv1", "dpv");
        runSubmitted();
        c.succeed(c.dlvs.detach("v1"));
        assertEquals(Map.of(), node("dpv1").exports());
        assertEquals(Map.of(), node("dpv2").exports());
    }

    /**
     * Drift the other way, without an announce (a kernel that lost what it held while its agent
     * stayed connected): the periodic comparison starts the restore an announce would have; one
     * restore per dlv at a time, and the dpv's also assembles on the ihost.
     */
    @Test
    public void whatANodeLostWithoutAnnouncingItselfIsRestoredByTheComparison() {
        NodeComparisons comparisons = new NodeComparisons(c.store, c.agents, c.queue, Fixtures.config(), c.clock);
        long exported = exportsOf("dpv1", "v1");
        node("dpv1").reboot();
        node("ih1").reboot();
        comparisons.run();
        assertEquals("the attach ended as the nodes were asked: next round", List.of(), c.queue.submitted);
        c.clock.millis += 1000;
        comparisons.run();
        List<Operation> restores = runSubmitted();
        assertEquals(1, restores.size());
        assertEquals("dlv-restore", restores.get(0).kind());
        assertEquals(restores.get(0).error(), OperationStatus.succeeded, restores.get(0).status());
        assertEquals(exported, exportsOf("dpv1", "v1"));
        assertEquals(List.of("v1"), node("ih1").assembledDlvs());

        c.clock.millis += 1000;
        comparisons.run();
        assertEquals("nothing lacks any more; the detached dlv was never asked for", List.of(), c.queue.submitted);
    }
}
