package org.dlvm.rest;

import java.util.function.Consumer;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.Context;

import org.dlvm.api.AuditRecord;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes every request that may change something (anything but GET and HEAD) to the audit log,
 * refused ones included: a 401 or 403 is what an operator looks for after a break-in attempt. JAX-RS
 * runs response filters for requests that a request filter aborted too.
 */
final class AuditFilter implements ContainerResponseFilter {
    /** Request property: the user named by the credentials, checked or not (BasicAuthFilter sets it). */
    static final String USER = "org.dlvm.rest.user";

    private final Consumer<AuditRecord> audit;

    @Context
    private HttpServletRequest http;

    AuditFilter(Consumer<AuditRecord> audit) {
        this.audit = audit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (RestRole.isRead(method) || "OPTIONS".equals(method)) {
            return;
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        String target = request.getUriInfo().getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        audit.accept(new AuditRecord((String) request.getProperty(USER), source(), method + " " + target,
                outcome(response.getStatus(), response.getEntity())));
    }

    private String source() {
        try {
            return http == null ? null : http.getRemoteAddr();
        } catch (RuntimeException outsideARequest) {
            return null;
        }
    }

    /** The status, and the operation that carries the change on when one started. */
    static String outcome(int status, Object entity) {
        if (entity instanceof JsonNode json && json.path("operation").path("id").isTextual()) {
            return status + " operation=" + json.path("operation").path("id").asText();
        }
        return Integer.toString(status);
    }
}
