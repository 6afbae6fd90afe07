package org.dlvm.api;

/**
 * One state-changing request as the audit log keeps it: who ({@code user}, {@code source}: the
 * client's address or {@code shell}), what ({@code request}: method and path, or the command
 * line) and how it ended ({@code outcome}: the HTTP status, or ok / the error). Written by the
 * REST API and the shell to logger {@link #LOGGER}, which the shipped logging configuration sends
 * to {@code data/log/audit.log} only.
 */
public record AuditRecord(String user, String source, String request, String outcome) {
    public static final String LOGGER = "org.dlvm.audit";

    /**
     * {@code user="admin" source="10.0.0.5" request="POST /api/v1/dlvs" outcome="202"}: quoted, so that a value
     * with spaces or a made-up {@code key=} in a name cannot pass for another field or another line.
     */
    public String line() {
        return "user=" + quoted(user) + " source=" + quoted(source) + " request=" + quoted(request) + " outcome="
                + quoted(outcome);
    }

    static String quoted(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c < ' ' ? '?' : c);
            }
        }
        return b.append('"').toString();
    }
}
