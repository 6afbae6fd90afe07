package org.dlvm.ihostagent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the ihost's probe of its mirrors on a thread of its own and hands each heartbeat the
 * newest finished result: the kernel can keep a probe waiting (a write stuck on a leg whose dpv
 * just vanished), and a heartbeat that waited with it would make the controller think the
 * whole ihost is gone. A probe that does not end in {@code waitMillis} is reported by a later
 * heartbeat; until then the previous result stands.
 */
final class MirrorReports<T> implements AutoCloseable {
    private final ExecutorService probes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dlvm-ihost-mirror-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final long waitMillis;
    private Future<T> running;
    private T last;

    MirrorReports(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** The newest result: this probe's if it ends within the wait, else the last one that ended. */
    synchronized T latest(Supplier<T> probe) {
        if (running == null) {
            running = probes.submit(probe::get);
        }
        try {
            last = running.get(waitMillis, TimeUnit.MILLISECONDS);
            running = null;
        } catch (TimeoutException stillRunning) {
            // keep it running; the next heartbeat takes its result
        } catch (ExecutionException e) {
            running = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
