package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.LegHealth;
import org.dlvm.api.OperationStatus;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.store.MirrorStateEntity;
import org.junit.Before;
import org.junit.Test;

/**
 * A served dlv's status follows what its nodes report: the ihost's heartbeats carry its kernel's
 * view of each mirror (here from the simulated kernel, through the ihost agent's real facts),
 * and a dpv's availability counts before the kernel notices anything.
 */
public class DlvHealthFlowTest {
    private static final long GIB = 1L << 30;
    private final SimulatedController c = new SimulatedController();
    private AgentEvents events;

    @Before
    public void anAttachedDlv() {
        c.fleet("g", 10 * GIB, List.of("dpv1", "dpv2", "dpv3"), List.of("ih1"));
        events = new AgentEvents(c.store, c.queue, c.clock);
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
    }

    private void ihostHeartbeat() {
        var facts = c.agents.ihostFacts.get("ih1").facts();
        events.accept(new AgentEvent(AgentEvent.Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, facts.initiatorIqn(),
                facts.problem(), facts.dlvs()));
        events.run(); // a heartbeat that repeats the last one waits for the batch
    }

    private void dpvEvent(String dpv, AgentEvent.Type type) {
        events.accept(new AgentEvent(type, dpv, "dpv", "0.1.0", 10 * GIB, 9 * GIB, null, null));
        events.run();
    }

    private SimulatedNodeDriver ihost() {
        return c.agents.drivers.get("ih1");
    }

    private DlvLeg dataLeg(Dlv dlv, int position) {
        return dlv.groups().stream().filter(g -> g.kind().equals(DlvGroup.DATA)).findFirst().orElseThrow().legs()
                .get(position);
    }

    @Test
    public void aLegTheKernelFailsMakesTheDlvDegradedUntilItIsInSyncAgain() {
        ihostHeartbeat();
        Dlv healthy = c.dlvs.get("v1");
        assertEquals(DlvStatus.attached, healthy.status());
        for (DlvGroup group : healthy.groups()) {
            assertEquals("AA", group.health());
            assertEquals("idle", group.syncAction());
            assertEquals(100.0, group.syncPercent(), 0);
            group.legs().forEach(l -> assertEquals(LegHealth.in_sync, l.health()));
        }

        DlvLeg failing = dataLeg(healthy, 1);
        ihost().failLeg(failing.name());
        ihostHeartbeat();
        Dlv degraded = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, degraded.status());
        assertEquals("leg " + failing.name() + " (s0-data0, dpv " + failing.dpv() + ") dead", degraded.reason());
        assertEquals(LegHealth.dead, dataLeg(degraded, 1).health());
        assertEquals(LegHealth.in_sync, dataLeg(degraded, 0).health());
        assertEquals("AD", degraded.groups().stream().filter(g -> g.kind().equals(DlvGroup.DATA)).findFirst()
                .orElseThrow().health());
        assertEquals("the user's device stays", "/dev/mapper/dlvm-v1", degraded.devicePath());

        ihost().rebuildLeg(failing.name(), 0.25);
        ihostHeartbeat();
        Dlv rebuilding = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, rebuilding.status());
        assertTrue(rebuilding.reason(), rebuilding.reason().endsWith(") syncing 25.0 %"));
        DlvGroup data = rebuilding.groups().stream().filter(g -> g.kind().equals(DlvGroup.DATA)).findFirst().orElseThrow();
        assertEquals("Aa", data.health());
        assertEquals("recover", data.syncAction());
        assertEquals(25.0, data.syncPercent(), 0);
        assertEquals(LegHealth.syncing, data.legs().get(1).health());

        ihost().rebuildLeg(failing.name(), 1.0);
        ihostHeartbeat();
        Dlv again = c.dlvs.get("v1");
        assertEquals(DlvStatus.attached, again.status());
        assertNull(again.reason());
    }

    /**
     * The kernel failed a leg while its dpv was away; the dpv is back (available), so the repair
     * watch has the ihost assemble the dlv, which takes the leg back: it syncs, then the dlv is
     * attached again. One try per retry window, none while an operation holds the dlv.
     */
    @Test
    public void aFailedLegWhoseDpvIsAvailableIsTakenBackByTheRepairWatch() {
        RepairWatch watch = new RepairWatch(c.store, c.queue, Fixtures.config(), c.clock);
        ihostHeartbeat();
        int before = c.queue.submitted.size();
        watch.run();
        assertEquals("a healthy dlv needs nothing", before, c.queue.submitted.size());

        DlvLeg failing = dataLeg(c.dlvs.get("v1"), 1);
        ihost().failLeg(failing.name());
        ihostHeartbeat();
        assertEquals(DlvStatus.degraded, c.dlvs.get("v1").status());
        watch.run();
        assertEquals(before + 1, c.queue.submitted.size());
        String restore = c.queue.submitted.get(before);
        watch.run();
        assertEquals("not a second while the first waits", before + 1, c.queue.submitted.size());
        c.worker.run(restore);
        assertEquals(OperationStatus.succeeded, c.operations.get(restore).status());

        ihostHeartbeat();
        Dlv syncing = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, syncing.status());
        assertEquals(LegHealth.syncing, dataLeg(syncing, 1).health());
        ihost().failLeg(failing.name()); // it failed again at once
        ihostHeartbeat();
        c.clock.advanceSeconds(20);
        watch.run();
        assertEquals("within the retry window: no second try", before + 1, c.queue.submitted.size());
        c.clock.advanceSeconds(11);
        watch.run();
        assertEquals(before + 2, c.queue.submitted.size());
        c.worker.run(c.queue.submitted.get(before + 1));
        ihost().rebuildLeg(failing.name(), 1.0);
        ihostHeartbeat();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        watch.run();
        assertEquals(before + 2, c.queue.submitted.size());
    }

    /** A leg whose dpv is away is not the watch's to take back: the dpv's announce restores it. */
    @Test
    public void aFailedLegOnAnUnavailableDpvWaitsForItsDpv() {
        RepairWatch watch = new RepairWatch(c.store, c.queue, Fixtures.config(), c.clock);
        ihostHeartbeat();
        DlvLeg failing = dataLeg(c.dlvs.get("v1"), 1);
        ihost().failLeg(failing.name());
        dpvEvent(failing.dpv(), AgentEvent.Type.goodbye);
        ihostHeartbeat();
        int before = c.queue.submitted.size();
        watch.run();
        assertEquals(before, c.queue.submitted.size());
    }

    @Test
    public void aDpvThatGoesAwayDegradesItsDlvsBeforeTheKernelNoticesAndComingBackHealsThem() {
        ihostHeartbeat();
        DlvLeg leg = dataLeg(c.dlvs.get("v1"), 0);
        dpvEvent(leg.dpv(), AgentEvent.Type.goodbye);
        Dlv degraded = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, degraded.status());
        assertTrue(degraded.reason(), degraded.reason().contains("leg " + leg.name() + " (s0-data0, dpv " + leg.dpv()
                + ") unreachable: dpv " + leg.dpv() + " is unavailable (its agent stopped)"));
        assertEquals(LegHealth.unreachable, dataLeg(degraded, 0).health());

        dpvEvent(leg.dpv(), AgentEvent.Type.heartbeat);
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void anIhostThatStopsLeavesItsDlvsDegradedNamingIt() {
        ihostHeartbeat();
        events.accept(new AgentEvent(AgentEvent.Type.goodbye, "ih1", "ihost", "0.1.0", null, null, null, null));
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, dlv.status());
        assertEquals("ihost ih1 is unavailable (its agent stopped)", dlv.reason());
        ihostHeartbeat();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    /** Reports never overwrite what an operation in flight set, nor bring back a dlv that left its ihost. */
    @Test
    public void reportsJudgeOnlyDlvsTheirIhostServes() {
        ihost().failLeg(dataLeg(c.dlvs.get("v1"), 1).name());
        var staleFacts = c.agents.ihostFacts.get("ih1").facts();

        var detaching = c.dlvs.detach("v1");
        ihostHeartbeat();
        assertEquals("the detach owns the status", DlvStatus.detaching, c.dlvs.get("v1").status());
        c.succeed(detaching);

        events.accept(new AgentEvent(AgentEvent.Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, null, null,
                staleFacts.dlvs()));
        events.run();
        Dlv detached = c.dlvs.get("v1");
        assertEquals(DlvStatus.available, detached.status());
        assertNull(detached.groups().get(0).health());
        assertEquals(LegHealth.unknown, detached.groups().get(0).legs().get(0).health());
        assertEquals("no report is kept for a detached dlv", 0L, (long) c.store.inTransaction(em -> em.createQuery(
                "select count(m) from MirrorStateEntity m", Long.class).getSingleResult()));
    }

    @Test
    public void deletingADlvForgetsItsReports() {
        ihostHeartbeat();
        assertEquals(2L, (long) c.store.inTransaction(em -> em.createQuery("select count(m) from MirrorStateEntity m where"
                + " m.dlv = 'v1'", Long.class).getSingleResult()));
        assertTrue(c.store.inTransaction(em -> em.find(MirrorStateEntity.class,
                MirrorStateEntity.id("v1", 0, "data", 0))) != null);
        c.succeed(c.dlvs.detach("v1"));
        c.succeed(c.dlvs.delete("v1"));
        assertEquals(0L, (long) c.store.inTransaction(em -> em.createQuery("select count(m) from MirrorStateEntity m",
                Long.class).getSingleResult()));
    }
}
