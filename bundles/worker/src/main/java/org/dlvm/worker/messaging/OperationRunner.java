package org.dlvm.worker.messaging;

import java.util.concurrent.CompletableFuture;

/** What the worker route calls for each message on the worker queue. */
public interface OperationRunner {
    /**
     * Runs the operation on the worker's own threads if it is not finished and its object is free; safe to call
     * twice. The future ends with the operation, or at once when there is nothing to run or the worker is stopping.
     */
    CompletableFuture<Void> submit(String operationId);
}
