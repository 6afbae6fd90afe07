package org.dlvm.agent;

import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;

/** An agent's answer to one request; a throw becomes {@link AgentReply#failure} with the exception's message. */
@FunctionalInterface
public interface RequestHandler {
    AgentReply handle(AgentRequest request) throws Exception;
}
