package org.dlvm.worker.messaging;

import org.dlvm.protocol.Queues;

/** Told of every agent request the controller made and how it ended (metrics). Must not block. */
public interface AgentCallListener {
    enum Result {
        /** the agent did it */
        ok,
        /** the agent answered with an error */
        refused,
        /** no answer in time */
        timeout,
        /** the broker did not take it, or the answer made no sense */
        unreachable
    }

    void finished(Queues.Role role, String action, Result result, long nanos);
}
