package org.dlvm.routes;

import org.apache.camel.CamelContext;

/** The controller's one Camel context, shared by the route components of this bundle. */
interface MessagingContext {
    CamelContext camel();
}
