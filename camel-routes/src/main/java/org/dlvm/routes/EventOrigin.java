package org.dlvm.routes;

import org.dlvm.node.BrokerAccounts;
import org.dlvm.protocol.AgentEvent;

/**
 * Whether an agent event speaks for the node that sent it. An event names its node itself, and
 * every node may send to dlvm.events: without this check one node's account could announce,
 * heartbeat or say goodbye for any other (keep a dead node "available", take a live one away).
 * The broker stamps the sender ({@code populate-validated-user}), which no client can forge.
 */
final class EventOrigin {
    private EventOrigin() {
    }

    /** Null when {@code validatedUser} is the account of the event's node, otherwise why the event is ignored. */
    static String refusal(AgentEvent event, String validatedUser) {
        if (validatedUser == null) {
            return "it carries no validated sender (the broker must set populate-validated-user)";
        }
        if (event.node() == null || !validatedUser.equals(BrokerAccounts.nodeUser(event.node()))) {
            return "it names node '" + event.node() + "' but was sent by broker user '" + validatedUser + "'";
        }
        return null;
    }
}
