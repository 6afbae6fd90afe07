package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

public class KeyedLanesTest {
    private final KeyedLanes lanes = new KeyedLanes("test", 2);

    @After
    public void close() {
        lanes.close(1);
    }

    @Test
    public void aKeysTasksRunOneAfterTheOtherInOrder() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            lanes.submit("dlv/a", () -> {
                ran.add(n);
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, ran);
        awaitIdle();
    }

    @Test
    public void aTaskThatThrowsDoesNotStallItsLane() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        lanes.submit("dlv/a", () -> {
            throw new IllegalStateException("boom");
        });
        lanes.submit("dlv/a", after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    /** With every thread busy a task waits for one, whatever its key, and runs when one frees. */
    @Test
    public void beyondTheThreadLimitTasksWaitForAThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothBusy = new CountDownLatch(2);
        for (String key : new String[] { "dlv/a", "dlv/b" }) {
            lanes.submit(key, () -> {
                bothBusy.countDown();
                await(release);
            });
        }
        assertTrue(bothBusy.await(10, TimeUnit.SECONDS));
        CountDownLatch third = new CountDownLatch(1);
        lanes.submit(null, third::countDown);
        assertEquals("no third thread", false, third.await(200, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(third.await(10, TimeUnit.SECONDS));
    }

    /** A closing agent answers what it took: running and waiting tasks end before close returns. */
    @Test
    public void closingLetsEveryTaskTakenFinish() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch firstRuns = new CountDownLatch(1);
        lanes.submit("dlv/a", () -> {
            firstRuns.countDown();
            sleep(300);
            ran.add("first");
        });
        lanes.submit("dlv/a", () -> ran.add("second, waiting in its lane"));
        assertTrue(firstRuns.await(10, TimeUnit.SECONDS));
        lanes.close(10);
        assertEquals(List.of("first", "second, waiting in its lane"), ran);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test(expected = RejectedExecutionException.class)
    public void aClosedLaneSetTakesNothing() {
        lanes.close(1);
        lanes.submit("dlv/a", () -> { });
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (lanes.busyKeys() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("a lane goes when its last task ends", 0, lanes.busyKeys());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
