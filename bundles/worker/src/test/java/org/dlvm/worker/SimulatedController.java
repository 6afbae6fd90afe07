package org.dlvm.worker;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dlvm.api.Accepted;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.dlvm.worker.Fixtures.ManualClock;
import org.dlvm.worker.Fixtures.RecordingQueue;

/**
 * A controller's registries and worker on a fresh database (Derby, or PostgreSQL in the postgresql
 * test run), with the agents' real request handlers on simulated nodes; operations run when the
 * test says so, on the test's thread.
 */
final class SimulatedController {
    final Store store = TestDatabase.newStore();
    final ManualClock clock = new ManualClock();
    final RecordingQueue queue = new RecordingQueue();
    final SimulatedAgents agents = new SimulatedAgents();
    final DpvRegistry dpvs = new DpvRegistry(store, queue, clock);
    final DvgRegistry dvgs = new DvgRegistry(store, clock);
    final IhostRegistry ihosts = new IhostRegistry(store, queue, clock);
    final DlvRegistry dlvs = new DlvRegistry(store, queue, Fixtures.config(), clock);
    final OperationLog operations = new OperationLog(store);
    final Worker worker = new Worker(store, agents, queue, Fixtures.config(), clock);

    /** dvg {@code dvg} of the dpvs (each with a volume group of {@code vgBytes}, at 10.0.0.<n>), and the ihosts. */
    SimulatedController fleet(String dvg, long vgBytes, List<String> dpvNames, List<String> ihostNames) {
        dvgs.create(dvg);
        int n = 0;
        for (String dpv : dpvNames) {
            agents.dpv(dpv, vgBytes);
            run(dpvs.register(dpv, "10.0.0." + ++n).operation());
            dvgs.extend(dvg, dpv);
        }
        for (String ihost : ihostNames) {
            agents.ihost(ihost);
            run(ihosts.register(ihost, null).operation());
        }
        return this;
    }

    Operation run(Operation op) {
        worker.run(op.id());
        return operations.get(op.id());
    }

    void succeed(Accepted<?> accepted) {
        Operation done = run(accepted.operation());
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
    }
}
