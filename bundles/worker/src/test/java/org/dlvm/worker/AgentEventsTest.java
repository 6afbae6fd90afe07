package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.dlvm.api.NodeStatus;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.AgentEvent.Type;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.junit.Test;

public class AgentEventsTest {
    private final Store store = TestDatabase.newStore();
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final DpvRegistry dpvs = new DpvRegistry(store, new Fixtures.RecordingQueue(), clock);
    private final IhostRegistry ihosts = new IhostRegistry(store, new Fixtures.RecordingQueue(), clock);
    private final AgentEvents events = new AgentEvents(store, new Fixtures.RecordingQueue(), clock);

    @Test
    public void aHeartbeatMakesARegisteredDpvAvailableWithItsCapacity() {
        dpvs.register("dpv1", null);
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));
        assertEquals(NodeStatus.available, dpvs.get("dpv1").status());
        assertEquals(70L, dpvs.get("dpv1").freeSize());
        assertEquals("0.1.0", dpvs.get("dpv1").agentVersion());
        events.accept(new AgentEvent(Type.goodbye, "dpv1", "dpv", "0.1.0", null, null, null, null));
        assertEquals(NodeStatus.unavailable, dpvs.get("dpv1").status());
    }

    @Test
    public void aProblemReportedByTheAgentIsShownAsTheReason() {
        dpvs.register("dpv1", null);
        events.accept(new AgentEvent(Type.announce, "dpv1", "dpv", "0.1.0", null, null, null,
                "command 'lvm' not found: install lvm2"));
        assertEquals(NodeStatus.unavailable, dpvs.get("dpv1").status());
        assertTrue(dpvs.get("dpv1").reason().contains("install lvm2"));
    }

    @Test
    public void agentsOfUnregisteredNodesAreIgnored() {
        events.accept(new AgentEvent(Type.announce, "stranger", "dpv", "0.1.0", 1L, 1L, null, null));
        assertTrue(dpvs.list().isEmpty());
    }

    @Test
    public void anIhostHeartbeatFillsInItsInitiatorName() {
        ihosts.register("ih1", null);
        events.accept(new AgentEvent(Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, "iqn.2026-11.org.dlvm:ih1", null));
        assertEquals("iqn.2026-11.org.dlvm:ih1", ihosts.get("ih1").initiatorIqn());
        assertEquals(NodeStatus.available, ihosts.get("ih1").status());
    }

    @Test
    public void aHeartbeatThatRepeatsTheFactsWaitsForTheBatchAndAChangeIsWrittenAtOnce() {
        dpvs.register("dpv1", null);
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));
        String first = dpvs.get("dpv1").lastSeen();
        clock.millis += 5_000;
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));
        assertEquals("the repeated heartbeat is not written yet", first, dpvs.get("dpv1").lastSeen());
        events.run();
        assertNotEquals("the batch writes it", first, dpvs.get("dpv1").lastSeen());
        String batched = dpvs.get("dpv1").lastSeen();
        events.run();
        assertEquals("nothing is written twice", batched, dpvs.get("dpv1").lastSeen());

        clock.millis += 5_000;
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 60L, null, null));
        assertEquals("new facts are written at once", 60L, dpvs.get("dpv1").freeSize());
        assertNotEquals(batched, dpvs.get("dpv1").lastSeen());
        events.accept(new AgentEvent(Type.goodbye, "dpv1", "dpv", "0.1.0", null, null, null, null));
        assertEquals(NodeStatus.unavailable, dpvs.get("dpv1").status());
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 60L, null, null));
        assertEquals("the first heartbeat after a goodbye is written at once", NodeStatus.available,
                dpvs.get("dpv1").status());
    }

    @Test
    public void onlyAHeartbeatWithTheSameFactsRepeatsTheLastEvent() {
        AgentEvent announce = new AgentEvent(Type.announce, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null);
        assertTrue(AgentEvents.repeats(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null), announce));
        assertFalse(AgentEvents.repeats(new AgentEvent(Type.announce, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null), announce));
        assertFalse(AgentEvents.repeats(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.2.0", 100L, 70L, null, null), announce));
        assertFalse(AgentEvents.repeats(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, "disk gone"),
                announce));
        assertFalse(AgentEvents.repeats(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null), null));
    }

    /**
     * An event whose rows stay locked (its two tries at the database lost) is not dropped: it waits
     * for the next batch, and the consumer is free for the next event meanwhile.
     */
    @Test
    public void anEventThatFindsItsRowsLockedWaitsForTheNextBatchInsteadOfHoldingItsConsumer() {
        dpvs.register("dpv1", null);
        java.util.List<Integer> attempts = new java.util.ArrayList<>();
        int[] conflicts = { 1 };
        Store locked = new Store() {
            @Override
            public <T> T inTransaction(java.util.function.Function<javax.persistence.EntityManager, T> work) {
                return store.inTransaction(work);
            }

            @Override
            public <T> T inTransaction(java.util.function.Function<javax.persistence.EntityManager, T> work, int tries) {
                attempts.add(tries);
                if (conflicts[0]-- > 0) {
                    throw org.dlvm.api.DlvmException.conflict("concurrent_change", "lock timeout, " + tries + " tries");
                }
                return store.inTransaction(work, tries);
            }
        };
        AgentEvents waiting = new AgentEvents(locked, new Fixtures.RecordingQueue(), clock);

        waiting.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));

        assertEquals("events try the database twice, not eight times", java.util.List.of(AgentEvents.WRITE_ATTEMPTS),
                attempts);
        assertEquals(NodeStatus.unavailable, dpvs.get("dpv1").status());
        waiting.run();
        assertEquals("the next batch wrote it", NodeStatus.available, dpvs.get("dpv1").status());
        assertEquals(70L, dpvs.get("dpv1").freeSize());
    }

    /** RegistrationIT saw the dvg's free size back at its old value right after a dlv's creation. */
    @Test
    public void aRepeatedHeartbeatSampledBeforeALegsAnswerDoesNotUndoTheSizesTheAnswerBrought() {
        dpvs.register("dpv1", null);
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));
        // sampled before the leg was made, received after
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 70L, null, null));
        store.inTransaction(em -> {
            Steps.seen(em, "dpv1", new org.dlvm.protocol.AgentResult.VolumeGroup("vg", 100L, 60L), clock.millis());
            return null;
        });
        events.run();
        assertEquals("the leg's answer stands", 60L, dpvs.get("dpv1").freeSize());
        assertEquals(NodeStatus.available, dpvs.get("dpv1").status());
        events.accept(new AgentEvent(Type.heartbeat, "dpv1", "dpv", "0.1.0", 100L, 55L, null, null));
        assertEquals("a heartbeat with new sizes still writes them", 55L, dpvs.get("dpv1").freeSize());
    }
}
