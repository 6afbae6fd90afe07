package org.dlvm.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.dlvm.rest.cfg; port and bind address belong to the web server (etc/org.ops4j.pax.web.cfg). */
@ObjectClassDefinition(name = "DLVM REST API")
public @interface RestConfig {
    @AttributeDefinition(description = "Path of API v1 under the CXF servlet context (/api)")
    String address() default "/v1";

    @AttributeDefinition(description = "JAAS realm that checks HTTP Basic credentials")
    String realm() default "karaf";

    @AttributeDefinition(description = "Seconds a successful login is remembered (0: every request logs in to the"
            + " realm); a changed or removed account takes effect within this time")
    int login_cache_seconds() default 30;

    @AttributeDefinition(description = "Largest request body accepted, in bytes")
    int max_body_bytes() default 65536;
}
