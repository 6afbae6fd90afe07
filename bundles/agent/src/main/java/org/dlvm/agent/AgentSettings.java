package org.dlvm.agent;

import java.nio.file.Path;

import org.dlvm.node.BrokerAccounts;
import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeNames;
import org.dlvm.node.Secrets;
import org.dlvm.protocol.Queues;

/**
 * Who the agent is, where its broker is, and whom it takes requests from. The password stays in
 * its file ({@code passwordFile}), read at every connection attempt: a node enrolled after its
 * agent started connects as soon as the file is there.
 */
public record AgentSettings(Queues.Role role, String node, String version, String brokerUrl, String brokerUser,
        Path passwordFile, String controllerUser, int heartbeatSeconds, int requestThreads) {

    public AgentSettings {
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("heartbeat.seconds must be at least 1, got " + heartbeatSeconds);
        }
        if (requestThreads < 1) {
            throw new IllegalArgumentException("agent.request.threads must be at least 1, got " + requestThreads);
        }
    }

    /** The settings of this node's agent for {@code role}; {@code version} is the agent bundle's. */
    public static AgentSettings fromNodeConfig(Queues.Role role, NodeConfig config, String version) {
        String node = NodeNames.nodeName(config);
        String user = config.broker_user() == null || config.broker_user().isBlank() ? BrokerAccounts.nodeUser(node)
                : config.broker_user().trim();
        return new AgentSettings(role, node, version, config.broker_url().trim(), user,
                Secrets.file(config.broker_password_file(), BrokerAccounts.NODE_PASSWORD_FILE),
                config.broker_controller_user().trim(), config.heartbeat_seconds(),
                config.agent_request_threads());
    }

    public String queue() {
        return Queues.agentQueue(role, node);
    }
}
