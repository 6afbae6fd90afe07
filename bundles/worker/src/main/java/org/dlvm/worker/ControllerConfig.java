package org.dlvm.worker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.dlvm.controller.cfg */
@ObjectClassDefinition(name = "DLVM controller", description = "Timeouts of the controller's worker and monitor")
public @interface ControllerConfig {
    String PID = "org.dlvm.controller";

    @AttributeDefinition(description = "Seconds a pending operation waits before the sweep submits it again")
    long resubmit_after_seconds() default 5;

    @AttributeDefinition(description = "Seconds after which a running operation's lock counts as abandoned and another worker takes it over")
    long lock_lease_seconds() default 60;

    @AttributeDefinition(description = "Seconds between sweeps for operations to resume")
    long sweep_seconds() default 5;
}
