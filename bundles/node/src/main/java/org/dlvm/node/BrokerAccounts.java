package org.dlvm.node;

/**
 * Who is who on the broker. Every node logs in as itself ({@code node.<name>}, roles
 * {@value #NODE_ROLE} and {@code node.<name>}); the controllers share {@value #CONTROLLER_USER}.
 * The broker's security settings (etc/artemis.xml, and per node the broker-access bundle) give
 * each of them only what it needs; these names are the contract between them.
 */
public final class BrokerAccounts {
    public static final String CONTROLLER_USER = "dlvm-controller";
    public static final String CONTROLLER_ROLE = "dlvm-controller";
    public static final String NODE_ROLE = "dlvm-node";
    public static final String NODE_PREFIX = "node.";
    /** The agents' password file under etc/dlvm-secrets (broker.password.file). */
    public static final String NODE_PASSWORD_FILE = "broker.password";
    /** The controller's (controller.broker.password.file). */
    public static final String CONTROLLER_PASSWORD_FILE = "controller.broker.password";
    /** The REST and shell administrator Karaf ships (etc/users.properties), with a password made at first start. */
    public static final String ADMIN_USER = "karaf";
    public static final String ADMIN_PASSWORD_FILE = "karaf.password";

    private BrokerAccounts() {
    }

    /** The broker user of node {@code name}. */
    public static String nodeUser(String name) {
        return NODE_PREFIX + name;
    }

    /** The role that only node {@code name} has: its queues' consumer. */
    public static String nodeRole(String name) {
        return NODE_PREFIX + name;
    }

    /** The roles of node {@code name}'s account: every node's, and its own. */
    public static java.util.List<String> nodeRoles(String name) {
        return java.util.List.of(NODE_ROLE, nodeRole(name));
    }

    /** The node a broker user belongs to, or null when it is not a node's. */
    public static String nodeOf(String user) {
        return user != null && user.startsWith(NODE_PREFIX) && user.length() > NODE_PREFIX.length()
                ? user.substring(NODE_PREFIX.length()) : null;
    }
}
