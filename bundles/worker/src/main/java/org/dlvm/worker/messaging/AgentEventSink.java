package org.dlvm.worker.messaging;

import org.dlvm.protocol.AgentEvent;

/** What the event route calls for each announce, heartbeat and goodbye from an agent. */
public interface AgentEventSink {
    void accept(AgentEvent event);
}
