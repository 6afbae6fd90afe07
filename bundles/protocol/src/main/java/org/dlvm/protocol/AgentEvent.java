package org.dlvm.protocol;

/**
 * What an agent tells the controller unasked: that it joined ({@code announce}), that it is
 * alive ({@code heartbeat}) or that it leaves ({@code goodbye}). Each carries the node's
 * current facts so that a lost message costs nothing.
 */
public record AgentEvent(Type type, String node, String role, String version, Long totalSize, Long freeSize,
        String initiatorIqn, String problem) {

    public enum Type {
        announce, heartbeat, goodbye
    }
}
