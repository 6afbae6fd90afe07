package org.dlvm.worker;

import static org.junit.Assert.assertEquals;

import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.dlvm.worker.Fixtures.ManualClock;
import org.dlvm.worker.Worker.Started;
import org.junit.Test;

public class LeaseKeeperTest {
    private final Store store = TestDatabase.newStore();
    private final ManualClock clock = new ManualClock();

    @Test
    public void aLongAgentCallKeepsTheLeaseFreshAndStopsRenewingAfterIt() throws Exception {
        long start = clock.millis();
        long generation = store.inTransaction(em -> ObjectLocks.acquire(em, "dlv/v1", "op-1", start, 3000));
        Started op = new Started("op-1", OperationKind.DLV_ATTACH, "dlv/v1", generation,
                new OperationArgs.DlvAttach("ih1"));
        try (LeaseKeeper keeper = new LeaseKeeper(store, clock, 3000)) {
            String answer = keeper.during(op, () -> {
                clock.advanceSeconds(100);
                Thread.sleep(1800);
                return "done";
            });
            assertEquals("done", answer);
            assertEquals("renewed at the time the agent was still busy", Long.valueOf(start + 100_000),
                    store.inTransaction(em -> ObjectLocks.lockedAt(em, "dlv/v1")));
            clock.advanceSeconds(100);
            Thread.sleep(1500);
            assertEquals("no renewal once the call returned", Long.valueOf(start + 100_000),
                    store.inTransaction(em -> ObjectLocks.lockedAt(em, "dlv/v1")));
        }
    }
}
