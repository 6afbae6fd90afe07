package org.dlvm.protocol;

/** Broker destinations. Agents own one queue each and never listen on a port. */
public final class Queues {
    public static final String WORKER = "dlvm.worker";
    public static final String EVENTS = "dlvm.events";
    /**
     * The message property in which Artemis stamps the broker user that sent a message
     * ({@code populate-validated-user}): no client can forge it. Agents check requests by it, the
     * controllers events.
     */
    public static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

    private Queues() {
    }

    /** {@code dlvm.dpv.<node>} or {@code dlvm.ihost.<node>}. */
    public static String agentQueue(Role role, String node) {
        return "dlvm." + role.name() + "." + node;
    }

    public enum Role {
        dpv, ihost
    }
}
