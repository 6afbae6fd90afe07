package org.dlvm.protocol;

/**
 * What an agent tells the controller unasked: that it joined ({@code announce}), that it is
 * alive ({@code heartbeat}) or that it leaves ({@code goodbye}). Each carries the node's
 * current facts so that a lost message costs nothing: an ihost's carry what its kernel says of
 * the dlvs it holds ({@code dlvs}; null from a dpv, or from an agent older than the field).
 */
public record AgentEvent(Type type, String node, String role, String version, Long totalSize, Long freeSize,
        String initiatorIqn, String problem, java.util.List<org.dlvm.api.DlvState> dlvs) {

    public AgentEvent {
        dlvs = dlvs == null ? null : java.util.List.copyOf(dlvs);
    }

    /** An event without dlv states: a dpv's, or an ihost's that holds none. */
    public AgentEvent(Type type, String node, String role, String version, Long totalSize, Long freeSize,
            String initiatorIqn, String problem) {
        this(type, node, role, version, totalSize, freeSize, initiatorIqn, problem, null);
    }

    public enum Type {
        announce, heartbeat, goodbye
    }
}
