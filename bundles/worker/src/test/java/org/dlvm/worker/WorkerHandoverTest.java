package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.ObjectLockEntity;
import org.dlvm.store.OperationEntity;
import org.junit.After;
import org.junit.Test;

/**
 * A worker that stops while an operation runs (its bundle updated, the controller shut down) hands the
 * operation over: pending again, its lock free with a higher generation, the attempt not counted; what its old
 * thread does after that counts for nothing, and the next worker finishes the operation.
 */
public class WorkerHandoverTest {
    private static final long GIB = 1L << 30;
    private final SimulatedController c = new SimulatedController()
            .fleet("g", 100 * GIB, List.of("d1", "d2", "d3"), List.of("ih1"));

    @After
    public void release() {
        c.agents.letGo.countDown();
    }

    @Test
    public void aStoppingWorkerHandsItsRunningAttachOverAndTheNextWorkerFinishesIt() throws Exception {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.agents.holding = "ih1 dlv.assemble";
        Operation attach = c.dlvs.attach("v1", "ih1").operation();
        CompletableFuture<Void> old = c.worker.submit(attach.id());
        assertTrue("the attach reached the ihost", c.agents.held.tryAcquire(30, TimeUnit.SECONDS));
        long taken = lockGeneration("dlv/v1");

        c.worker.deactivate();
        assertEquals(OperationStatus.pending, c.operations.get(attach.id()).status());
        assertEquals("the handover is not an attempt", 0, attempts(attach.id()));
        assertEquals("the lock is free, its generation raised", taken + 1, lockGeneration("dlv/v1"));
        assertNull(c.store.inTransaction(em -> ObjectLocks.lockedAt(em, "dlv/v1")));
        assertTrue("a stopped worker takes nothing new", c.worker.submit(attach.id()).isDone());

        // the ihost answers the old worker now: its result is dropped, the dlv still waits for its attach
        c.agents.letGo.countDown();
        old.get(30, TimeUnit.SECONDS);
        assertEquals(OperationStatus.pending, c.operations.get(attach.id()).status());
        assertEquals(DlvStatus.attaching, c.dlvs.get("v1").status());

        Worker next = new Worker(c.store, c.agents, c.queue, Fixtures.config(), c.clock);
        try {
            int before = java.util.Collections.frequency(c.queue.submitted, attach.id());
            c.clock.advanceSeconds(5);
            next.run();
            assertEquals("the next worker's sweep submits it again", before + 1,
                    java.util.Collections.frequency(c.queue.submitted, attach.id()));
            next.run(attach.id());
        } finally {
            next.deactivate();
        }
        Operation done = c.operations.get(attach.id());
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertEquals(1, attempts(attach.id()));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        List<String> assembles = c.agents.fenced.stream().filter(s -> s.startsWith("ih1 dlv.assemble ")).toList();
        assertEquals(List.of("ih1 dlv.assemble " + taken, "ih1 dlv.assemble " + (taken + 2)), assembles);
    }

    @Test
    public void anOperationThatEndedBeforeTheStopStaysEnded() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        long generation = lockGeneration("dlv/v1");
        c.worker.deactivate();
        assertEquals(generation, lockGeneration("dlv/v1"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        assertFalse(c.operations.list(new org.dlvm.api.ListQuery(100, null, null, null, null)).items().stream()
                .anyMatch(o -> o.status() == OperationStatus.pending));
    }

    private long lockGeneration(String key) {
        return c.store.inTransaction(em -> em.find(ObjectLockEntity.class, key).getGeneration());
    }

    private int attempts(String id) {
        return c.store.inTransaction(em -> em.find(OperationEntity.class, id).getAttempts());
    }
}
