package org.dlvm.ihostagent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.dlvm.node.CopyCancelledException;
import org.dlvm.node.CopyProgress;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult.CopyState;
import org.dlvm.protocol.AgentResult.CopyState.Phase;

/**
 * The clones' copies this ihost runs, one per target dlv, each on its own thread: a copy takes
 * minutes to hours, and the agent keeps answering meanwhile. A finished copy is kept until the
 * controller ends it, so that an answer lost on the way costs a question, not the copy. The jobs
 * live with the agent: after a restart the controller's next look finds none and starts it again.
 */
final class CopyJobs implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CopyJobs.class);
    /** The copy itself, given the action and the job to report to. */
    interface Copier {
        long copy(AgentAction.CopyDlv action, CopyProgress progress) throws Exception;
    }

    private final Copier copier;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dlvm-clone-copy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    CopyJobs(Copier copier) {
        this.copier = copier;
    }

    /** Starts the copy onto the action's target unless one is known; answers where it is. */
    CopyState look(AgentAction.CopyDlv action) {
        if (closed) {
            // the agent is on its way down: nothing starts any more
            return new CopyState(Phase.none, 0, 0, null);
        }
        Job job = jobs.computeIfAbsent(action.target().dlv(), dlv -> {
            Job started = new Job();
            threads.execute(() -> started.run(copier, action));
            return started;
        });
        return job.state();
    }

    /** Stops the copy onto {@code target} if it runs (waiting for it to stop) and forgets it. */
    CopyState end(String target) throws InterruptedException {
        Job job = jobs.remove(target);
        if (job == null) {
            return new CopyState(Phase.none, 0, 0, null);
        }
        job.cancelled = true;
        job.awaitEnd();
        return job.state();
    }

    @Override
    public void close() {
        closed = true;
        jobs.values().forEach(j -> j.cancelled = true);
        threads.shutdownNow();
    }

    private static final class Job implements CopyProgress {
        private volatile boolean cancelled;
        private volatile long copied;
        private volatile long total;
        private volatile Phase phase = Phase.running;
        private volatile String error;
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        void run(Copier copier, AgentAction.CopyDlv action) {
            long start = System.nanoTime();
            try {
                copied = copier.copy(action, this);
                phase = Phase.succeeded;
                double seconds = (System.nanoTime() - start) / 1e9;
                // the copy's own rate, apart from the operation's steps around it (the lab reports it)
                LOG.info("copy of snapshot {} of {} onto {}: {} bytes in {} s ({} MiB/s)", action.thinId(),
                        action.source().dlv(), action.target().dlv(), copied, String.format("%.1f", seconds),
                        String.format("%.1f", seconds > 0 ? copied / 1048576.0 / seconds : 0));
            } catch (CopyCancelledException e) {
                phase = Phase.cancelled;
            } catch (Exception | Error e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                phase = Phase.failed;
            } finally {
                ended.countDown();
            }
        }

        void awaitEnd() throws InterruptedException {
            ended.await();
        }

        CopyState state() {
            return new CopyState(phase, copied, total, error);
        }

        @Override
        public void copied(long copiedBytes, long totalBytes) {
            copied = copiedBytes;
            total = totalBytes;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
