package org.dlvm.worker.messaging;

/** What the worker route calls for each message on the worker queue. */
public interface OperationRunner {
    /** Runs the operation if it is not finished and its object is free; safe to call twice. */
    void run(String operationId);
}
