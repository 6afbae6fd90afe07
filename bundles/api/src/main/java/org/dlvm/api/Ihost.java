package org.dlvm.api;

import java.util.List;

public record Ihost(String name, String initiatorIqn, NodeStatus status, String reason, String lastSeen,
        List<String> attachedDlvs, String agentVersion) {
}
