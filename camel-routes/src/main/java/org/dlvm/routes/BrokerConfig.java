package org.dlvm.routes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The broker part of etc/org.dlvm.node.cfg, which every role reads. */
@ObjectClassDefinition(name = "DLVM broker link")
public @interface BrokerConfig {
    @AttributeDefinition(description = "Artemis URL, e.g. tcp://controller:61616 or a (tcp://a:61616,tcp://b:61616) cluster")
    String broker_url() default "tcp://localhost:61616";

    String broker_user() default "dlvm";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String broker_password() default "dlvm";
}
