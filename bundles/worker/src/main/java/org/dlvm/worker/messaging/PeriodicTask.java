package org.dlvm.worker.messaging;

/** Work the controller repeats on a timer (heartbeat sweep, resuming orphaned operations). */
public interface PeriodicTask {
    String taskName();

    long periodSeconds();

    void run();
}
