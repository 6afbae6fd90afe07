package org.dlvm.ihostagent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlvm.api.DlvLayout;
import org.dlvm.node.CopyCancelledException;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult.CopyState;
import org.dlvm.protocol.AgentResult.CopyState.Phase;
import org.junit.Test;

public class CopyJobsTest {
    private static DlvLayout layout(String dlv) {
        return new DlvLayout(dlv, 1L << 30, 128, 128, 1024, 0, 1, 0, List.of());
    }

    private static final AgentAction.CopyDlv COPY = new AgentAction.CopyDlv(layout("v1"), 7, layout("c1"));

    private static CopyState await(CopyJobs jobs, Phase phase) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            CopyState s = jobs.look(COPY);
            if (s.phase() == phase) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the copy never became " + phase + ": " + jobs.look(COPY));
    }

    @Test
    public void aCopyRunsOnceInTheBackgroundAndItsEndIsAnsweredUntilTheControllerEndsIt() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (CopyJobs jobs = new CopyJobs((copy, progress) -> {
            started.incrementAndGet();
            progress.copied(10, 40);
            release.await(5, TimeUnit.SECONDS);
            progress.copied(40, 40);
            return 40;
        })) {
            CopyState first = jobs.look(COPY);
            assertEquals(Phase.running, first.phase());
            assertEquals("a look answers at once, while the copy runs", Phase.running, jobs.look(COPY).phase());
            release.countDown();
            CopyState done = await(jobs, Phase.succeeded);
            assertEquals(40, done.copiedBytes());
            assertEquals("a lost answer costs a question: the end is answered again", Phase.succeeded,
                    jobs.look(COPY).phase());
            assertEquals("one copy, however often asked", 1, started.get());
            assertEquals(Phase.succeeded, jobs.end("c1").phase());
            assertEquals("ended, it is forgotten", Phase.none, jobs.end("c1").phase());
        }
    }

    @Test
    public void endingARunningCopyCancelsItAndWaitsForIt() throws Exception {
        try (CopyJobs jobs = new CopyJobs((copy, progress) -> {
            while (!progress.cancelled()) {
                Thread.sleep(2);
            }
            throw new CopyCancelledException("cancelled");
        })) {
            assertEquals(Phase.running, jobs.look(COPY).phase());
            assertEquals(Phase.cancelled, jobs.end("c1").phase());
        }
    }

    @Test
    public void aFailedCopySaysWhyAndALookAfterItsEndStartsItAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (CopyJobs jobs = new CopyJobs((copy, progress) -> {
            if (runs.incrementAndGet() == 1) {
                throw new org.dlvm.node.NodeException("read error on /dev/mapper/dlvm-v1+snap7");
            }
            return 0;
        })) {
            jobs.look(COPY);
            CopyState failed = await(jobs, Phase.failed);
            assertTrue(failed.error(), failed.error().contains("read error"));
            jobs.end("c1");
            await(jobs, Phase.succeeded);
            assertEquals(2, runs.get());
        }
    }
}
