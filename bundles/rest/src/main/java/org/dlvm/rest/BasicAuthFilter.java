package org.dlvm.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;

/**
 * HTTP Basic on every path but GET / and GET /health (API.md), and what the user's JAAS roles
 * allow ({@link RestRole}). A user with none of them, such as an agent's broker account, is
 * refused with 403 even with the right password. The user becomes the request's principal: the
 * resources record it as the requester of what they start, the audit log as its author.
 */
@PreMatching
final class BasicAuthFilter implements ContainerRequestFilter {
    private final Authenticator authenticator;

    BasicAuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    static boolean isPublic(String method, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return "GET".equals(method) && (p.isEmpty() || p.equals("health"));
    }

    /** The user and password of a Basic header, or null when it is absent or malformed. */
    static String[] credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request.getMethod(), request.getUriInfo().getPath())) {
            return;
        }
        String[] up = credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (up != null) {
            request.setProperty(AuditFilter.USER, up[0]);
        }
        Set<String> roles = up == null ? null : authenticator.roles(up[0], up[1]);
        if (roles == null) {
            request.abortWith(javax.ws.rs.core.Response.fromResponse(ErrorBody.response(401, "unauthorized",
                    up == null ? "HTTP Basic credentials are required" : "wrong user or password"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"dlvm\"").build());
            return;
        }
        String path = request.getUriInfo().getPath();
        if (!RestRole.allows(roles, request.getMethod(), path)) {
            request.abortWith(ErrorBody.response(403, "forbidden", "user '" + up[0] + "' may not "
                    + request.getMethod() + " " + (path.startsWith("/") ? path : "/" + path) + ": that needs role "
                    + RestRole.needed(request.getMethod(), path)));
            return;
        }
        request.setSecurityContext(new UserContext(up[0], roles, request.getSecurityContext().isSecure()));
    }

    /** The authenticated user, as JAX-RS hands it to resources and filters. */
    record UserContext(String user, Set<String> roles, boolean secure) implements javax.ws.rs.core.SecurityContext {
        @Override
        public java.security.Principal getUserPrincipal() {
            return this::user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return javax.ws.rs.core.SecurityContext.BASIC_AUTH;
        }
    }
}
