package org.dlvm.rest;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JAAS roles the REST API knows and what each may do. {@code cinder} is what an OpenStack
 * Cinder driver needs: reading everything (capacities of the dvgs, its volumes, operations) and
 * changing dlvs and their snapshots; no dpv, dvg or ihost administration.
 */
enum RestRole {
    admin, reader, cinder;

    /** Whether a user with {@code roles} may send {@code method} to {@code path} (relative to /api/v1). */
    static boolean allows(Set<String> roles, String method, String path) {
        return Arrays.stream(values()).anyMatch(r -> roles.contains(r.name()) && r.may(method, path));
    }

    /** The roles that would allow it, for the refusal's message. */
    static String needed(String method, String path) {
        return Arrays.stream(values()).filter(r -> r.may(method, path)).map(r -> "'" + r.name() + "'")
                .collect(Collectors.joining(" or "));
    }

    /** GET and HEAD: what a reader may do, and what the audit log leaves out. */
    static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private boolean may(String method, String path) {
        boolean read = isRead(method);
        return switch (this) {
            case admin -> true;
            case reader -> read;
            case cinder -> read || firstSegment(path).equals("dlvs");
        };
    }

    private static String firstSegment(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }
}
