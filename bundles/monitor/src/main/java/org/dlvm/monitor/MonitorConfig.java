package org.dlvm.monitor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.dlvm.monitor.cfg */
@ObjectClassDefinition(name = "DLVM monitor")
public @interface MonitorConfig {
    @AttributeDefinition(description = "Seconds without a heartbeat after which a dpv or ihost turns unavailable")
    long heartbeat_timeout_seconds() default 20;

    @AttributeDefinition(description = "Seconds between two heartbeat sweeps")
    long sweep_seconds() default 5;
}
