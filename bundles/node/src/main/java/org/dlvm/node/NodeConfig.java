package org.dlvm.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's configuration, PID {@code org.dlvm.node} ({@code etc/org.dlvm.node.cfg}), shared by
 * every bundle that runs on the node. Each method maps to the property with '_' read as '.'
 * ({@code broker_url()} is {@code broker.url}).
 */
@ObjectClassDefinition(name = "DLVM node",
        description = "Who this node is, which roles it runs and how it reaches the broker.")
public @interface NodeConfig {
    String PID = "org.dlvm.node";

    @AttributeDefinition(required = false,
            description = "Node name; empty means the host name. Names the agents' queues, so keep it stable.")
    String name() default "";

    @AttributeDefinition(description = "Comma list of roles: controller, dpv, ihost.")
    String[] roles() default { NodeRoles.CONTROLLER };

    @AttributeDefinition(description = "linux (the real kernel and tools) or sim (in-memory, for tests and benchmarks only).")
    String driver() default NodeDriver.KIND_LINUX;

    @AttributeDefinition(description = "Broker the agents connect to; the controller's embedded broker listens here too.")
    String broker_url() default "tcp://localhost:61616";

    @AttributeDefinition(required = false,
            description = "The agents' broker user; empty means node.<name>, the account the controller enrols this node with"
                    + " (the controllers take this node's events only from node.<name>).")
    String broker_user() default "";

    @AttributeDefinition(required = false, description = "File holding the agents' broker password (never the password itself:"
            + " configurations are readable); empty means etc/dlvm-secrets/broker.password.")
    String broker_password_file() default "";

    @AttributeDefinition(description = "The only broker user an agent takes requests from (the broker's validated user).")
    String broker_controller_user() default BrokerAccounts.CONTROLLER_USER;

    @AttributeDefinition(required = false, description = "File holding the controller's broker password (user dlvm-controller);"
            + " empty means etc/dlvm-secrets/controller.broker.password, which a controller with the embedded broker makes at"
            + " first start. A second controller on that broker needs a copy of it.")
    String controller_broker_password_file() default "";

    @AttributeDefinition(description = "Whether a controller runs the broker itself (feature dlvm-broker).")
    boolean broker_embedded() default true;

    @AttributeDefinition(description = "Seconds between an agent's heartbeats.")
    int heartbeat_seconds() default 5;

    @AttributeDefinition(description = "How many requests an agent works on at once, each object's in the order they came:"
            + " a long data-path step of one dlv does not hold up the others.")
    int agent_request_threads() default 8;

    @AttributeDefinition(description = "The LVM volume group a dpv carves its legs from.")
    String dpv_vg() default "dlvm_vg";

    @AttributeDefinition(description = "Size in bytes of the simulated volume group (driver=sim only).")
    long sim_vg_size() default 107374182400L;

    @AttributeDefinition(required = false,
            description = "Initiator IQN of the simulated node (driver=sim only); empty means derived from the name.")
    String sim_initiator_iqn() default "";

    @AttributeDefinition(description = "Milliseconds each simulated leg or dlv step takes (driver=sim only): lets tests catch operations in flight.")
    long sim_step_millis() default 0;
}
