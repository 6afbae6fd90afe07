package org.dlvm.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The roles a node can run, and the parsing of the {@code roles} property. */
public final class NodeRoles {
    public static final String CONTROLLER = "controller";
    public static final String DPV = "dpv";
    public static final String IHOST = "ihost";
    public static final Set<String> KNOWN = Set.of(CONTROLLER, DPV, IHOST);

    private NodeRoles() {
    }

    /** The known roles in configuration order, without duplicates, and the entries that were refused. */
    public record Parsed(List<String> roles, List<String> unknown) {
        public Parsed {
            roles = List.copyOf(roles);
            unknown = List.copyOf(unknown);
        }
    }

    /**
     * Each entry may itself be a comma list, because a {@code .cfg} file delivers
     * {@code roles = controller, dpv} as one string. Only a configuration that names nothing
     * falls back to {@value #CONTROLLER}: a misspelt role must not silently turn a storage
     * server into a controller.
     */
    public static Parsed parse(String... entries) {
        List<String> roles = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean namedAnything = false;
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null) {
                continue;
            }
            for (String part : entry.split(",")) {
                String role = part.trim().toLowerCase(Locale.ROOT);
                if (role.isEmpty()) {
                    continue;
                }
                namedAnything = true;
                if (!KNOWN.contains(role)) {
                    unknown.add(part.trim());
                } else if (!roles.contains(role)) {
                    roles.add(role);
                }
            }
        }
        if (!namedAnything) {
            roles.add(CONTROLLER);
        }
        return new Parsed(roles, unknown);
    }
}
