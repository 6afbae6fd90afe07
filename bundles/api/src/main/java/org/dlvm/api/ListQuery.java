package org.dlvm.api;

/**
 * Which page of a list: at most {@code limit} objects after {@code marker} (the name, or for
 * operations the id, of the last object of the previous page), matching each filter that is set.
 * A filter a kind does not have is not offered for it.
 */
public record ListQuery(int limit, String marker, String status, String dvg, String ihost) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DlvmException.invalid("invalid_limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** From query parameters: absent ones take their defaults; every present one is checked. */
    public static ListQuery of(String limit, String marker, String status, String dvg, String ihost) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw DlvmException.invalid("wrong_type", "query parameter 'limit' must be an integer, got '"
                        + (limit.length() > 40 ? limit.substring(0, 40) + "..." : limit) + "'");
            }
        }
        return new ListQuery(n, marker, status, dvg == null ? null : Names.require("dvg", dvg),
                ihost == null ? null : Names.require("ihost", ihost));
    }

    /** The status filter as one of {@code type}'s values, or null when unset. */
    public <E extends Enum<E>> E statusAs(Class<E> type) {
        if (status == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, status);
        } catch (IllegalArgumentException e) {
            throw DlvmException.invalid("invalid_status", "status must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", got '"
                    + (status.length() > 40 ? status.substring(0, 40) + "..." : status) + "'");
        }
    }

    /** The marker as a name (for lists in name order). */
    public String nameMarker() {
        return marker == null ? null : Names.require("marker", marker);
    }
}
