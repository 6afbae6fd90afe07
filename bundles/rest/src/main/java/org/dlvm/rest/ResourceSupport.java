package org.dlvm.rest;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dlvm.api.Accepted;
import org.dlvm.api.DlvmException;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;

/**
 * What the resource classes share: strict bodies, the broker check before an operation starts,
 * and the shapes of 201, 202 and list answers. The resources stay thin: parse and check the
 * body, call the service, pick the status; everything that decides lives in the services.
 */
final class ResourceSupport {
    private final Supplier<List<HealthCheck>> checks;
    private final int maxBodyBytes;
    private final ObjectMapper mapper = Json.mapper();

    ResourceSupport(Supplier<List<HealthCheck>> checks, int maxBodyBytes) {
        this.checks = checks;
        this.maxBodyBytes = maxBodyBytes;
    }

    JsonBody body(InputStream in, String... fields) {
        return JsonBody.parse(mapper, in, maxBodyBytes, Set.of(fields));
    }

    List<HealthCheck> checks() {
        return checks.get();
    }

    /** Starting an operation needs the broker: refuse before storing anything when it is gone. */
    void requireBroker() {
        for (HealthCheck check : checks.get()) {
            if ("broker".equals(check.name())) {
                String problem = check.problem();
                if (problem != null) {
                    throw DlvmException.unavailable("broker_unavailable", problem, null);
                }
            }
        }
    }

    /**
     * A list answers a JSON array, as API v1 always did, and the way to the next page in a
     * {@code Link: <...>; rel="next"} header (RFC 8288): same filters, the marker of this page's last object.
     */
    static Response page(Page<?> page, ListQuery query, UriInfo uri) {
        Response.ResponseBuilder r = Response.ok(page.items());
        if (page.next() != null) {
            r.link(uri.getRequestUriBuilder().replaceQueryParam("marker", page.next())
                    .replaceQueryParam("limit", query.limit()).build(), "next");
        }
        return r.build();
    }

    /** Location, when given, is built from a template so that the names in it are encoded, never parsed. */
    Response accepted(URI location, Accepted<?> accepted) {
        Response.ResponseBuilder r = Response.accepted(Json.accepted(mapper, accepted));
        return (location == null ? r : r.location(location)).build();
    }

    Response created(URI location, Accepted<?> accepted) {
        return Response.created(location).entity(Json.accepted(mapper, accepted)).build();
    }

    /** The user BasicAuthFilter let in: every path that changes something requires one. */
    static org.dlvm.api.Requester requester(javax.ws.rs.core.SecurityContext caller) {
        java.security.Principal user = caller == null ? null : caller.getUserPrincipal();
        if (user == null) {
            throw new IllegalStateException("a change reached a resource without an authenticated user");
        }
        return new org.dlvm.api.Requester(user.getName());
    }
}
