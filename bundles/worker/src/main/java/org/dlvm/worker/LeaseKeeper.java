package org.dlvm.worker;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dlvm.store.Store;
import org.dlvm.worker.Worker.Started;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an operation's lock lease fresh while it waits on an agent, so that the lease can stay
 * short (a dead controller's operations are taken over within a minute) while one data-path
 * step may take many minutes on a loaded node. A renewal that finds the lock taken over does
 * nothing: the step's next transaction sees it and stops the operation.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Store store;
    private final Clock clock;
    private final long leaseMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dlvm-lease-keeper");
        t.setDaemon(true);
        return t;
    });

    LeaseKeeper(Store store, Clock clock, long leaseMillis) {
        this.store = store;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    interface Call<T, E extends Exception> {
        T call() throws E;
    }

    <T, E extends Exception> T during(Started op, Call<T, E> call) throws E {
        long every = Math.max(1000, leaseMillis / 3);
        ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(() -> renew(op), every, every, TimeUnit.MILLISECONDS);
        try {
            return call.call();
        } finally {
            renewal.cancel(false);
        }
    }

    private void renew(Started op) {
        try {
            store.inTransaction(em -> ObjectLocks.renew(em, op.target(), op.generation(), clock.millis()));
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the lease of operation {} on {}: {}", op.id(), op.target(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
