package org.dlvm.brokeraccess;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.security.Role;
import org.dlvm.node.BrokerAccounts;
import org.dlvm.protocol.Queues;

/**
 * The security settings of one node's queues: the controllers send requests there, only that
 * node consumes them (and may create the queue its consumer opens). Nobody else, admin included,
 * may send or read: a request on an agent's queue is a command to change a node's kernel.
 */
final class NodeQueues {
    private NodeQueues() {
    }

    /** Address match (the queue's exact name) to the roles allowed on it. */
    static Map<String, Set<Role>> settings(String node) {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        for (Queues.Role role : Queues.Role.values()) {
            settings.put(Queues.agentQueue(role, node), Set.of(
                    //        name                                  send   consume createDQ deleteDQ createNDQ deleteNDQ manage browse createAddr deleteAddr view  edit
                    new Role(BrokerAccounts.CONTROLLER_ROLE,        true,  false,  true,    false,   false,    false,    false, false, true,      false,     false, false),
                    new Role(BrokerAccounts.nodeRole(node),         false, true,   true,    false,   false,    false,    false, false, true,      false,     false, false),
                    new Role("admin",                               false, false,  false,   false,   false,    false,    false, true,  false,     false,     false, false)));
        }
        return settings;
    }
}
