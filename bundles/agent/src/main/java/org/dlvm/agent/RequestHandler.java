package org.dlvm.agent;

import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;

/**
 * An agent's answer to one action. A throw becomes a failed reply with the exception's message:
 * an IllegalArgumentException (an action this agent does not do, a request it cannot read) is
 * {@code invalid}, anything else {@code failed}.
 */
@FunctionalInterface
public interface RequestHandler {
    AgentResult handle(AgentAction action) throws Exception;
}
