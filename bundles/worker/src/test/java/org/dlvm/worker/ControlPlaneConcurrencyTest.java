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

    private final SimulatedController c = new SimulatedController();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @Before
    public void nodes() {
        c.fleet("g", 100 * GIB, List.of("dpv1", "dpv2", "dpv3"), List.of("ih1"));
    }

    @After
    public void stop() {
        pool.shutdownNow();
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
        Map<String, Integer> tally = race(50, () -> c.dvgs.create("same"));
        assertEquals(tally.toString(), Integer.valueOf(1), tally.get("ok"));
        assertEquals(tally.toString(), Integer.valueOf(49), tally.get("CONFLICT exists"));
        assertEquals(2, c.dvgs.list().size());
    }

    @Test
    public void twentyDeletesOfOneDlvStartOneOperationAndRefuseTheRest() throws Exception {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 2, 2, null)));
        Map<String, Integer> tally = race(20, () -> c.dlvs.delete("v1"));
        assertEquals(tally.toString(), Integer.valueOf(1), tally.get("ok"));
        assertEquals(tally.toString(), Integer.valueOf(19), tally.get("CONFLICT busy"));
        List<String> deletes = c.store.inTransaction(em -> em
                .createQuery("select o.id from OperationEntity o where o.kind = 'dlv-delete'", String.class)
                .getResultList().stream().toList());
        assertEquals(1, deletes.size());
        assertEquals(OperationStatus.succeeded, c.run(c.operations.get(deletes.get(0))).status());
    }

    /** Leg counts, the dvg-reduce guard and the dvg's dlv count follow the leg rows while clients race. */
    @Test
    public void countsFollowTheRowsUnderConcurrentCreatesAndDeletes() throws Exception {
        AtomicInteger names = new AtomicInteger();
        Map<String, Boolean> kept = new ConcurrentHashMap<>();
        List<Future<?>> clients = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < 6; i++) {
                    String name = "v" + names.incrementAndGet();
                    c.succeed(c.dlvs.create(new DlvSpec(name, 64 * MIB, "g", 2, 2, null)));
                    if (i % 3 == 2) {
                        kept.put(name, true);
                    } else {
                        c.succeed(c.dlvs.delete(name));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get(120, TimeUnit.SECONDS);
        }
        Map<String, Integer> legsOfLiveDlvs = new TreeMap<>();
        for (Dlv dlv : c.dlvs.list()) {
            for (DlvLeg leg : dlv.groups().stream().flatMap(g -> g.legs().stream()).toList()) {
                legsOfLiveDlvs.merge(leg.dpv(), 1, Integer::sum);
            }
        }
        assertEquals(kept.size(), c.dlvs.list().size());
        assertEquals(kept.size() * 8, legsOfLiveDlvs.values().stream().mapToInt(Integer::intValue).sum());
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            assertEquals(dpv, (int) legsOfLiveDlvs.getOrDefault(dpv, 0), c.dpvs.get(dpv).legCount());
            assertEquals(dpv, legsOfLiveDlvs.getOrDefault(dpv, 0), Integer.valueOf(c.agents.drivers.get(dpv).legs().size()));
        }
        assertEquals(kept.size(), c.dvgs.get("g").dlvCount());
        String holder = legsOfLiveDlvs.keySet().iterator().next();
        try {
            c.dvgs.reduce("g", holder);
            throw new AssertionError("a dpv holding live legs left its dvg");
        } catch (DlvmException e) {
            assertEquals("in_use", e.code());
        }
    }

    @Test
    public void aBugInsideAStepLeavesTheDlvInErrorAndARetryWorks() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.agents.throwing = "ih1 dlv.assemble";
        Operation failed = c.run(c.dlvs.attach("v1", "ih1").operation());
        assertEquals(OperationStatus.failed, failed.status());
        assertTrue(failed.error(), failed.error().startsWith("internal error"));
        Dlv dlv = c.dlvs.get("v1");
        assertEquals("not stuck in attaching", DlvStatus.error, dlv.status());
        assertTrue(dlv.reason(), dlv.reason().contains("simulated bug"));

        c.succeed(c.dlvs.attach("v1", "ih1"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void aFailureWhileTheResultIsRecordedEndsTheOperationAndTheDlvShowsIt() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.agents.garbling = "ih1 dlv.assemble";
        Operation failed = c.run(c.dlvs.attach("v1", "ih1").operation());
        assertEquals("never left running for the sweep to resubmit for ever", OperationStatus.failed, failed.status());
        assertTrue(failed.error(), failed.error().startsWith("internal error while recording the result"));
        assertEquals(DlvStatus.error, c.dlvs.get("v1").status());
        assertNull("the lock is released", c.store.inTransaction(em -> ObjectLocks.lockedAt(em, "dlv/v1")));

        c.succeed(c.dlvs.attach("v1", "ih1"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void anOperationWhoseAttemptsNeverEndGivesUpAndLeavesTheDlvInError() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        Accepted<Dlv> attach = c.dlvs.attach("v1", "ih1");
        // attempts that a crash cut short: the operation is running, its lock lease ran out
        c.store.inTransaction(em -> {
            OperationEntity op = em.find(OperationEntity.class, attach.operation().id());
            op.setStatus(OperationStatus.running.name());
            op.setAttempts(Fixtures.config().max_attempts());
            return null;
        });
        Operation done = c.run(attach.operation());
        assertEquals(OperationStatus.failed, done.status());
        assertTrue(done.error(), done.error().startsWith("gave up after 3 attempts"));
        assertEquals(DlvStatus.error, c.dlvs.get("v1").status());
        assertTrue("nothing was asked of the ihost", c.agents.calls.stream().noneMatch(c -> c.startsWith("ih1 dlv.")));
    }

    @Test
    public void aNameUsedAgainAfterADeleteIsANewDlv() {
        for (int round = 0; round < 2; round++) {
            c.succeed(c.dlvs.create(new DlvSpec("again", GIB, "g", 2, 2, null)));
            c.succeed(c.dlvs.attach("again", "ih1"));
            c.succeed(c.dlvs.createSnapshot("again", "s1"));
            c.succeed(c.dlvs.detach("again"));
            c.succeed(c.dlvs.delete("again"));
        }
        assertTrue(c.dlvs.list().isEmpty());
    }

    @Test
    public void aSnapshotOperationActsOnTheSnapshotItNamesEvenWhenAnotherIsInTheSameStatus() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.agents.failing = "ih1 snapshot.create";
        c.run(c.dlvs.createSnapshot("v1", "first").operation());
        assertEquals("error", c.dlvs.snapshot("v1", "first").status());
        Accepted<?> second = c.dlvs.createSnapshot("v1", "second");
        c.succeed(second);
        assertEquals("available", c.dlvs.snapshot("v1", "second").status());
        assertEquals("error", c.dlvs.snapshot("v1", "first").status());
        String args = c.store.inTransaction(em -> em.find(OperationEntity.class, second.operation().id()).getArgs());
        assertEquals("{\"snapshot\":\"second\"}", args);
    }
}
