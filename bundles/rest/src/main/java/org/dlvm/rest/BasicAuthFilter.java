package org.dlvm.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;

/** HTTP Basic on every path but GET / and GET /health (API.md). */
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
        if (up == null || !authenticator.authenticate(up[0], up[1])) {
            request.abortWith(javax.ws.rs.core.Response.fromResponse(ErrorBody.response(401, "unauthorized",
                    up == null ? "HTTP Basic credentials are required" : "wrong user or password"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"dlvm\"").build());
        }
    }
}
