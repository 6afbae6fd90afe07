package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;


import org.dlvm.api.Accepted;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.Ihost;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.OperationStatus;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.ObjectLockEntity;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.dlvm.worker.Fixtures.ManualClock;
import org.dlvm.worker.Fixtures.RecordingQueue;
import org.dlvm.worker.Fixtures.ScriptedAgents;
import org.junit.Test;

public class RegistrationTest {
    private final Store store = TestDatabase.newStore();
    private final ManualClock clock = new ManualClock();
    private final RecordingQueue queue = new RecordingQueue();
    private final ScriptedAgents agents = new ScriptedAgents();
    private final DpvRegistry dpvs = new DpvRegistry(store, queue, clock);
    private final IhostRegistry ihosts = new IhostRegistry(store, queue, clock);
    private final OperationLog operations = new OperationLog(store);
    private final Worker worker = new Worker(store, agents, queue, Fixtures.config(), clock);

    @Test
    public void aDpvIsUnavailableUntilItsAgentAnswersThenShowsItsCapacity() {
        Accepted<Dpv> accepted = dpvs.register("dpv1", "10.0.0.1");
        assertEquals(NodeStatus.unavailable, accepted.object().status());
        assertEquals(OperationStatus.pending, accepted.operation().status());
        assertEquals(java.util.List.of(accepted.operation().id()), queue.submitted);

        agents.script = r -> AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 100L << 30, 60L << 30));
        worker.run(accepted.operation().id());

        Dpv dpv = dpvs.get("dpv1");
        assertEquals(NodeStatus.available, dpv.status());
        assertEquals(100L << 30, dpv.totalSize());
        assertEquals(60L << 30, dpv.freeSize());
        assertNull(dpv.reason());
        assertEquals(OperationStatus.succeeded, operations.get(accepted.operation().id()).status());
        assertEquals("dpv/dpv1", agents.requests.get(0).object());
        assertEquals(1, agents.requests.get(0).generation());
    }

    @Test
    public void aDpvWhoseAgentIsNotUpYetIsRegisteredAndWaitsForItsAnnounce() {
        Accepted<Dpv> accepted = dpvs.register("dpv1", null);
        worker.run(accepted.operation().id());
        Dpv dpv = dpvs.get("dpv1");
        assertEquals(NodeStatus.unavailable, dpv.status());
        assertTrue(dpv.reason(), dpv.reason().contains("waiting for the agent"));
        assertTrue(dpv.reason(), dpv.reason().contains("dlvm.dpv.dpv1 did not answer"));
        assertEquals("registering is done; the agent is the node's matter, not a failed operation",
                OperationStatus.succeeded, operations.get(accepted.operation().id()).status());
        assertNull(operations.get(accepted.operation().id()).error());

        new AgentEvents(store, queue, clock).accept(new org.dlvm.protocol.AgentEvent(org.dlvm.protocol.AgentEvent.Type.announce,
                "dpv1", "dpv", "0.1.0", 100L << 30, 60L << 30, null, null));
        assertEquals(NodeStatus.available, dpvs.get("dpv1").status());
        assertEquals(60L << 30, dpvs.get("dpv1").freeSize());
    }

    @Test
    public void anUnknownOperationIdIsNotFoundWhateverItsShape() {
        for (String id : new String[] {"00000000-0000-0000-0000-000000000000", "nope", "x".repeat(300)}) {
            try {
                operations.get(id);
                fail(id);
            } catch (DlvmException e) {
                assertEquals(id, DlvmException.Kind.NOT_FOUND, e.kind());
            }
        }
    }

    @Test
    public void anAgentThatRefusesFailsTheOperation() {
        Accepted<Dpv> accepted = dpvs.register("dpv1", null);
        agents.script = r -> AgentReply.failure(AgentError.Code.failed, "Volume group \"dlvm_vg\" not found");
        worker.run(accepted.operation().id());
        assertTrue(dpvs.get("dpv1").reason().contains("dlvm_vg"));
        assertEquals(OperationStatus.failed, operations.get(accepted.operation().id()).status());
    }

    @Test
    public void aRepeatedRegistrationAnswersConflictAndCreatesNothing() {
        dpvs.register("dpv1", null);
        try {
            dpvs.register("dpv1", null);
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
        assertEquals(1, operations.list(10).size());
        assertEquals(1, queue.submitted.size());
    }

    @Test
    public void badNamesAreRefusedBeforeAnythingIsStored() {
        for (String bad : new String[] {"", "a b", "../x", null}) {
            try {
                dpvs.register(bad, null);
                fail(bad);
            } catch (DlvmException e) {
                assertEquals(DlvmException.Kind.INVALID, e.kind());
            }
        }
        try {
            dpvs.register("dpv1", "not an address");
            fail();
        } catch (DlvmException e) {
            assertEquals("invalid_address", e.code());
        }
        assertTrue(dpvs.list().isEmpty());
        assertTrue(operations.list(10).isEmpty());
    }

    @Test
    public void eachOperationOnAnObjectCarriesAHigherGeneration() {
        agents.script = r -> null;
        String first = dpvs.register("dpv1", null).operation().id();
        worker.run(first);
        dpvs.delete("dpv1");
        String second = dpvs.register("dpv1", null).operation().id();
        worker.run(second);
        assertEquals(1, agents.requests.get(0).generation());
        assertEquals(2, agents.requests.get(1).generation());
    }

    @Test
    public void aWorkerWhoseLockWasTakenOverDropsItsResult() {
        String op = dpvs.register("dpv1", null).operation().id();
        agents.script = r -> {
            // meanwhile another controller took the lock over (lease expired)
            store.inTransaction(em -> {
                ObjectLockEntity lock = em.find(ObjectLockEntity.class, "dpv/dpv1");
                lock.setGeneration(lock.getGeneration() + 1);
                return null;
            });
            return AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 10L, 10L));
        };
        worker.run(op);
        assertEquals(NodeStatus.unavailable, dpvs.get("dpv1").status());
        assertEquals(OperationStatus.running, operations.get(op).status());
    }

    @Test
    public void finishedOperationsAreNotRunTwice() {
        String op = dpvs.register("dpv1", null).operation().id();
        agents.script = r -> AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 10L, 10L));
        worker.run(op);
        worker.run(op);
        assertEquals(1, agents.requests.size());
    }

    @Test
    public void theSweepResubmitsWhatTheBrokerDidNotTakeAndResumesAbandonedWork() {
        queue.brokerDown = true;
        String op = dpvs.register("dpv1", null).operation().id();
        assertTrue(queue.submitted.isEmpty());
        queue.brokerDown = false;
        worker.run();
        assertTrue("too early to resubmit", queue.submitted.isEmpty());
        clock.advanceSeconds(6);
        worker.run();
        assertEquals(java.util.List.of(op), queue.submitted);

        // a worker took it and died while the agent call was in flight
        store.inTransaction(em -> ObjectLocks.acquire(em, "dpv/dpv1", op, clock.millis(), 60_000));
        store.inTransaction(em -> {
            em.find(org.dlvm.store.OperationEntity.class, op).setStatus("running");
            return null;
        });
        queue.submitted.clear();
        worker.run(op);
        assertTrue("a live lock keeps other workers out", agents.requests.isEmpty());
        clock.advanceSeconds(30);
        worker.run();
        assertTrue(queue.submitted.isEmpty());
        clock.advanceSeconds(31);
        worker.run();
        assertEquals(java.util.List.of(op), queue.submitted);
        agents.script = r -> AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 10L, 5L));
        worker.run(op);
        assertEquals(2, agents.requests.get(0).generation());
        assertEquals(NodeStatus.available, dpvs.get("dpv1").status());
    }

    @Test
    public void anIhostLearnsItsInitiatorNameFromItsAgent() {
        Accepted<Ihost> accepted = ihosts.register("ih1", null);
        assertNull(accepted.object().initiatorIqn());
        agents.script = r -> AgentReply.success(new AgentResult.Initiator("iqn.2026-11.org.dlvm:ih1"));
        worker.run(accepted.operation().id());
        Ihost ihost = ihosts.get("ih1");
        assertEquals("iqn.2026-11.org.dlvm:ih1", ihost.initiatorIqn());
        assertEquals(NodeStatus.available, ihost.status());
    }

    @Test
    public void aGivenInitiatorNameIsCheckedAndKept() {
        try {
            ihosts.register("ih1", "not-an-iqn");
            fail();
        } catch (DlvmException e) {
            assertEquals("invalid_iqn", e.code());
        }
        ihosts.register("ih1", "iqn.2026-11.org.example:ih1");
        agents.script = r -> AgentReply.success(new AgentResult.Initiator("iqn.2026-11.org.dlvm:other"));
        worker.run(operations.list(1).get(0).id());
        assertEquals("iqn.2026-11.org.example:ih1", ihosts.get("ih1").initiatorIqn());
    }
}
