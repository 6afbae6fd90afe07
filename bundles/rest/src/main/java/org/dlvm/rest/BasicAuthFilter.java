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
 * allow: {@code admin} everything, {@code reader} reading (GET, HEAD). A user with neither, such
 * as the agents' broker account, is refused with 403 even with the right password.
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
        Set<String> roles = up == null ? null : authenticator.roles(up[0], up[1]);
        if (roles == null) {
            request.abortWith(javax.ws.rs.core.Response.fromResponse(ErrorBody.response(401, "unauthorized",
                    up == null ? "HTTP Basic credentials are required" : "wrong user or password"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"dlvm\"").build());
            return;
        }
        if (!allows(roles, request.getMethod())) {
            request.abortWith(ErrorBody.response(403, "forbidden", "user '" + up[0] + "' may not "
                    + request.getMethod() + " here: that needs role '" + ADMIN + "'"
                    + (isRead(request.getMethod()) ? " or '" + READER + "'" : "")));
        }
    }

    static final String ADMIN = "admin";
    static final String READER = "reader";

    static boolean allows(Set<String> roles, String method) {
        return roles.contains(ADMIN) || roles.contains(READER) && isRead(method);
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
