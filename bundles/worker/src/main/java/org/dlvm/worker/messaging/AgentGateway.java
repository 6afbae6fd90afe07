package org.dlvm.worker.messaging;

import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.Queues;

/** Request-reply with one agent over the broker. */
public interface AgentGateway {
    /**
     * @throws AgentUnreachableException when no reply came within the configured time (agent
     *         down, broker down); the reply of an agent that refused is returned, not thrown
     */
    AgentReply call(Queues.Role role, String node, AgentRequest request) throws AgentUnreachableException;

    /**
     * The same for a data-path step (LVs, logins, device-mapper tables, pool messages), which may
     * take minutes on a loaded node: it waits up to the longer, separately configured time.
     */
    AgentReply callDataPath(Queues.Role role, String node, AgentRequest request) throws AgentUnreachableException;
}
