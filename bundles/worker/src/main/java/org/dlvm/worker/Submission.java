package org.dlvm.worker;

import org.dlvm.worker.messaging.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a committed operation to the queue; a broker outage only delays it (the sweep resubmits). */
final class Submission {
    private static final Logger LOG = LoggerFactory.getLogger(Submission.class);

    private Submission() {
    }

    static void submit(WorkQueue queue, String operationId) {
        try {
            queue.submit(operationId);
        } catch (RuntimeException e) {
            LOG.warn("operation {} stays pending until the broker takes it: {}", operationId, e.getMessage());
        }
    }
}
