package org.dlvm.agent;

import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeNames;
import org.dlvm.protocol.Queues;

/** Who the agent is and where its broker is. */
public record AgentSettings(Queues.Role role, String node, String version, String brokerUrl, String brokerUser,
        String brokerPassword, int heartbeatSeconds) {

    public AgentSettings {
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("heartbeat.seconds must be at least 1, got " + heartbeatSeconds);
        }
    }

    /** The settings of this node's agent for {@code role}; {@code version} is the agent bundle's. */
    public static AgentSettings fromNodeConfig(Queues.Role role, NodeConfig config, String version) {
        return new AgentSettings(role, NodeNames.nodeName(config), version, config.broker_url().trim(),
                config.broker_user(), config.broker_password(), config.heartbeat_seconds());
    }

    public String queue() {
        return Queues.agentQueue(role, node);
    }

    /** Without the password: settings end up in logs. */
    @Override
    public String toString() {
        return "AgentSettings[role=" + role + ", node=" + node + ", version=" + version + ", brokerUrl=" + brokerUrl
                + ", brokerUser=" + brokerUser + ", heartbeatSeconds=" + heartbeatSeconds + "]";
    }
}
