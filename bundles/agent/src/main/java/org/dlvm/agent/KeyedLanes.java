package org.dlvm.agent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks concurrently, but those of one key strictly one after the other in the order they
 * came (a lane per key). An agent's requests for one object must not overtake each other: the
 * controller's fencing generation and each step's "do what is missing" assume order. Requests
 * for different objects must not wait for each other: a data-path step can take minutes.
 *
 * <p>A task without a key (a read such as {@code dlv.usage}) waits for no lane. Threads are made
 * on demand up to {@code maxThreads} and idle ones go after a minute; beyond that a task waits for
 * a free thread in arrival order. The controller's worker consumers bound how many objects are
 * busy at once, so the limit is a guard rather than a queue that fills in normal work.
 */
final class KeyedLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedLanes.class);

    private final ThreadPoolExecutor threads;
    /** Tasks waiting per busy key; a key is here exactly while one of its tasks runs or waits for a thread. */
    private final Map<String, Queue<Runnable>> busy = new HashMap<>();
    private boolean closed;

    KeyedLanes(String name, int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("request threads must be at least 1, got " + maxThreads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // core = max with core time-out: grows to maxThreads, then queues, and shrinks when idle
        threads = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code task} after every earlier task of {@code key}, or, when {@code key} is null, as
     * soon as a thread is free. Refused once closed.
     */
    void submit(String key, Runnable task) {
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("the agent's request lanes are closed");
            }
            if (key != null) {
                Queue<Runnable> waiting = busy.get(key);
                if (waiting != null) {
                    waiting.add(task);
                    return;
                }
                busy.put(key, new ArrayDeque<>());
            }
        }
        start(key, task);
    }

    /** How many keys have a task running or waiting (tests). */
    synchronized int busyKeys() {
        return busy.size();
    }

    private void start(String key, Runnable task) {
        try {
            threads.execute(() -> runLane(key, task));
        } catch (RejectedExecutionException closing) {
            LOG.debug("request lane {} dropped: closing", key);
        }
    }

    /** Runs the key's tasks until none waits. */
    private void runLane(String key, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                // a task answers its own failures; one that throws must not stall its key's lane
                LOG.warn("a request task of {} failed: {}", key, e.toString(), e);
            }
            next = nextOf(key);
        }
    }

    private synchronized Runnable nextOf(String key) {
        if (key == null) {
            return null;
        }
        Queue<Runnable> waiting = busy.get(key);
        Runnable next = waiting == null ? null : waiting.poll();
        if (next == null) {
            busy.remove(key);
        }
        return next;
    }

    /**
     * Takes no new task and lets those taken, running or waiting in their lane, finish for up to
     * {@code waitSeconds} (each answers its requester); then interrupts what still runs and drops
     * what still waits: a node step cut short is repeated by the controller, whose request times
     * out.
     */
    void close(int waitSeconds) {
        synchronized (this) {
            closed = true;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(waitSeconds, TimeUnit.SECONDS)) {
                drop();
            }
        } catch (InterruptedException e) {
            drop();
            Thread.currentThread().interrupt();
        }
    }

    private void drop() {
        synchronized (this) {
            busy.clear();
        }
        threads.shutdownNow();
    }

    @Override
    public void close() {
        close(0);
    }
}
