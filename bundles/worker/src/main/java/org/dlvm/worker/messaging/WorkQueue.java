package org.dlvm.worker.messaging;

/** Hands an operation to the worker queue; any controller's worker may take it. */
public interface WorkQueue {
    /** Throws when the broker cannot take the message; the operation stays pending and is resubmitted later. */
    void submit(String operationId);
}
