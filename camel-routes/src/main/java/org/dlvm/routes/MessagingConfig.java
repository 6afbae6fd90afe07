package org.dlvm.routes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.dlvm.messaging.cfg */
@ObjectClassDefinition(name = "DLVM controller messaging")
public @interface MessagingConfig {
    @AttributeDefinition(description = "Seconds the worker waits for an agent's reply")
    long agent_timeout_seconds() default 15;

    @AttributeDefinition(description = "Seconds the worker waits for an agent's reply to a data-path step (LVs, iSCSI logins, device-mapper tables); the operation keeps its lock lease fresh meanwhile")
    long data_path_timeout_seconds() default 900;

    @AttributeDefinition(description = "Operations one controller runs at the same time")
    int worker_consumers() default 4;
}
