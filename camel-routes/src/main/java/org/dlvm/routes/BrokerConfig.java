package org.dlvm.routes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The broker part of etc/org.dlvm.node.cfg, which every role reads: the controller's side of it. */
@ObjectClassDefinition(name = "DLVM broker link")
public @interface BrokerConfig {
    @AttributeDefinition(description = "Artemis URL, e.g. tcp://controller:61616 or a (tcp://a:61616,tcp://b:61616) cluster")
    String broker_url() default "tcp://localhost:61616";

    @AttributeDefinition(description = "The controllers' broker user: they log in as it, agents obey only it"
            + " (the same property as NodeConfig's)")
    String broker_controller_user() default org.dlvm.node.BrokerAccounts.CONTROLLER_USER;

    @AttributeDefinition(required = false, description = "File with its password; empty: etc/dlvm-secrets/controller.broker.password")
    String controller_broker_password_file() default "";
}
