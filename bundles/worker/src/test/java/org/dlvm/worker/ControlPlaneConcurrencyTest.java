package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.dlvm.worker.Fixtures.ManualClock;
import org.dlvm.worker.Fixtures.RecordingQueue;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The control plane under concurrent clients on a real database: counts that follow the rows,
 * one result and clear refusals for requests that race, and failures of the controller's own
 * code that still end with the object in error and the operation finished.
 */
public class ControlPlaneConcurrencyTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final Store store = TestDatabase.newStore();
    private final ManualClock clock = new ManualClock();
    private final RecordingQueue queue = new RecordingQueue();
    private final SimulatedAgents agents = new SimulatedAgents();
    private final DpvRegistry dpvs = new DpvRegistry(store, queue, clock);
    private final DvgRegistry dvgs = new DvgRegistry(store, clock);
    private final IhostRegistry ihosts = new IhostRegistry(store, queue, clock);
    private final DlvRegistry dlvs = new DlvRegistry(store, queue, Fixtures.config(), clock);
    private final OperationLog operations = new OperationLog(store);
    private final Worker worker = new Worker(store, agents, queue, Fixtures.config(), clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @Before
    public void nodes() {
        dvgs.create("g");
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            agents.dpv(dpv, 100 * GIB);
            run(dpvs.register(dpv, "10.0.0." + dpv.charAt(3)).operation());
            dvgs.extend("g", dpv);
        }
        agents.ihost("ih1");
        run(ihosts.register("ih1", null).operation());
    }

    @After
    public void stop() {
        pool.shutdownNow();
    }

    private Operation run(Operation op) {
        worker.run(op.id());
        return operations.get(op.id());
    }

    private void succeed(Accepted<?> accepted) {
        Operation done = run(accepted.operation());
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
    }

    /** Runs {@code n} copies of the call at once and sorts the answers: "ok" or the error's code. */
    private <T> Map<String, Integer> race(int n, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                try {
                    call.call();
                    return "ok";
                } catch (DlvmException e) {
                    return e.kind() + " " + e.code();
                }
            }));
        }
        start.countDown();
        Map<String, Integer> tally = new TreeMap<>();
        for (Future<String> f : answers) {
            tally.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        return tally;
    }

    @Test
    public void fiftyCreatesOfOneDvgGiveOneDvgAndConflictsNeverAnUnavailableDatabase() throws Exception {
        Map<String, Integer> tally = race(50, () -> dvgs.create("same"));
        assertEquals(tally.toString(), Integer.valueOf(1), tally.get("ok"));
        assertEquals(tally.toString(), Integer.valueOf(49), tally.get("CONFLICT exists"));
        assertEquals(2, dvgs.list().size());
    }

    @Test
    public void twentyDeletesOfOneDlvStartOneOperationAndRefuseTheRest() throws Exception {
        succeed(dlvs.create(new DlvSpec("v1", GIB, "g", 2, 2, null)));
        Map<String, Integer> tally = race(20, () -> dlvs.delete("v1"));
        assertEquals(tally.toString(), Integer.valueOf(1), tally.get("ok"));
        assertEquals(tally.toString(), Integer.valueOf(19), tally.get("CONFLICT busy"));
        List<String> deletes = store.inTransaction(em -> em
                .createQuery("select o.id from OperationEntity o where o.kind = 'dlv-delete'", String.class)
                .getResultList().stream().toList());
        assertEquals(1, deletes.size());
        assertEquals(OperationStatus.succeeded, run(operations.get(deletes.get(0))).status());
    }

    /** Leg counts, the dvg-reduce guard and the dvg's dlv count follow the leg rows while clients race. */
    @Test
    public void countsFollowTheRowsUnderConcurrentCreatesAndDeletes() throws Exception {
        AtomicInteger names = new AtomicInteger();
        Map<String, Boolean> kept = new ConcurrentHashMap<>();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < 6; i++) {
                    String name = "v" + names.incrementAndGet();
                    succeed(dlvs.create(new DlvSpec(name, 64 * MIB, "g", 2, 2, null)));
                    if (i % 3 == 2) {
                        kept.put(name, true);
                    } else {
                        succeed(dlvs.delete(name));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get(120, TimeUnit.SECONDS);
        }
        Map<String, Integer> legsOfLiveDlvs = new TreeMap<>();
        for (Dlv dlv : dlvs.list()) {
            for (DlvLeg leg : dlv.groups().stream().flatMap(g -> g.legs().stream()).toList()) {
                legsOfLiveDlvs.merge(leg.dpv(), 1, Integer::sum);
            }
        }
        assertEquals(kept.size(), dlvs.list().size());
        assertEquals(kept.size() * 8, legsOfLiveDlvs.values().stream().mapToInt(Integer::intValue).sum());
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            assertEquals(dpv, (int) legsOfLiveDlvs.getOrDefault(dpv, 0), dpvs.get(dpv).legCount());
            assertEquals(dpv, legsOfLiveDlvs.getOrDefault(dpv, 0), Integer.valueOf(agents.drivers.get(dpv).legs().size()));
        }
        assertEquals(kept.size(), dvgs.get("g").dlvCount());
        String holder = legsOfLiveDlvs.keySet().iterator().next();
        try {
            dvgs.reduce("g", holder);
            throw new AssertionError("a dpv holding live legs left its dvg");
        } catch (DlvmException e) {
            assertEquals("in_use", e.code());
        }
    }

    @Test
    public void aBugInsideAStepLeavesTheDlvInErrorAndARetryWorks() {
        succeed(dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        agents.throwing = "ih1 dlv.assemble";
        Operation failed = run(dlvs.attach("v1", "ih1").operation());
        assertEquals(OperationStatus.failed, failed.status());
        assertTrue(failed.error(), failed.error().startsWith("internal error"));
        Dlv dlv = dlvs.get("v1");
        assertEquals("not stuck in attaching", DlvStatus.error, dlv.status());
        assertTrue(dlv.reason(), dlv.reason().contains("simulated bug"));

        succeed(dlvs.attach("v1", "ih1"));
        assertEquals(DlvStatus.attached, dlvs.get("v1").status());
    }

    @Test
    public void aFailureWhileTheResultIsRecordedEndsTheOperationAndTheDlvShowsIt() {
        succeed(dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        agents.garbling = "ih1 dlv.assemble";
        Operation failed = run(dlvs.attach("v1", "ih1").operation());
        assertEquals("never left running for the sweep to resubmit for ever", OperationStatus.failed, failed.status());
        assertTrue(failed.error(), failed.error().startsWith("internal error while recording the result"));
        assertEquals(DlvStatus.error, dlvs.get("v1").status());
        assertNull("the lock is released", store.inTransaction(em -> ObjectLocks.lockedAt(em, "dlv/v1")));

        succeed(dlvs.attach("v1", "ih1"));
        assertEquals(DlvStatus.attached, dlvs.get("v1").status());
    }

    @Test
    public void anOperationWhoseAttemptsNeverEndGivesUpAndLeavesTheDlvInError() {
        succeed(dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        Accepted<Dlv> attach = dlvs.attach("v1", "ih1");
        // attempts that a crash cut short: the operation is running, its lock lease ran out
        store.inTransaction(em -> {
            OperationEntity op = em.find(OperationEntity.class, attach.operation().id());
            op.setStatus(OperationStatus.running.name());
            op.setAttempts(Fixtures.config().max_attempts());
            return null;
        });
        Operation done = run(attach.operation());
        assertEquals(OperationStatus.failed, done.status());
        assertTrue(done.error(), done.error().startsWith("gave up after 3 attempts"));
        assertEquals(DlvStatus.error, dlvs.get("v1").status());
        assertTrue("nothing was asked of the ihost", agents.calls.stream().noneMatch(c -> c.startsWith("ih1 dlv.")));
    }

    @Test
    public void aNameUsedAgainAfterADeleteIsANewDlv() {
        for (int round = 0; round < 2; round++) {
            succeed(dlvs.create(new DlvSpec("again", GIB, "g", 2, 2, null)));
            succeed(dlvs.attach("again", "ih1"));
            succeed(dlvs.createSnapshot("again", "s1"));
            succeed(dlvs.detach("again"));
            succeed(dlvs.delete("again"));
        }
        assertTrue(dlvs.list().isEmpty());
    }

    @Test
    public void aSnapshotOperationActsOnTheSnapshotItNamesEvenWhenAnotherIsInTheSameStatus() {
        succeed(dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        succeed(dlvs.attach("v1", "ih1"));
        agents.failing = "ih1 snapshot.create";
        run(dlvs.createSnapshot("v1", "first").operation());
        assertEquals("error", dlvs.snapshot("v1", "first").status());
        Accepted<?> second = dlvs.createSnapshot("v1", "second");
        succeed(second);
        assertEquals("available", dlvs.snapshot("v1", "second").status());
        assertEquals("error", dlvs.snapshot("v1", "first").status());
        String args = store.inTransaction(em -> em.find(OperationEntity.class, second.operation().id()).getArgs());
        assertEquals("{\"snapshot\":\"second\"}", args);
    }
}
