package org.dlvm.protocol;

/** Broker destinations. Agents own one queue each and never listen on a port. */
public final class Queues {
    public static final String WORKER = "dlvm.worker";
    public static final String EVENTS = "dlvm.events";

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
