package org.dlvm.api;

import java.util.regex.Pattern;

/**
 * Names are object ids and flow into LV names, dm names and IQNs, so they are checked
 * once, here, against the API's pattern (REFERENCE.md §9 item 17).
 */
public final class Names {
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$";
    private static final Pattern NAME = Pattern.compile(PATTERN);
    /** RFC 3720 iqn form, lower case as iscsiadm and LIO normalise it. */
    private static final Pattern IQN = Pattern.compile("^iqn\\.\\d{4}-\\d{2}\\.[a-z0-9][a-z0-9.-]*(:[a-z0-9.:_-]+)?$");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns the name, or throws a 400-kind error that names the field and the rule. */
    public static String require(String field, String name) {
        if (name == null) {
            throw DlvmException.invalid("missing_field", "field '" + field + "' is required");
        }
        if (!isValid(name)) {
            throw DlvmException.invalid("invalid_name", "field '" + field + "' must match " + PATTERN + ", got '"
                    + abbreviate(name) + "'");
        }
        return name;
    }

    /** A failure domain's name: the name rule, or null for none. */
    public static String optionalDomain(String field, String domain) {
        return domain == null ? null : require(field, domain);
    }

    public static boolean isValidIqn(String iqn) {
        return iqn != null && iqn.length() <= 223 && IQN.matcher(iqn).matches();
    }

    public static String requireIqn(String field, String iqn) {
        if (!isValidIqn(iqn)) {
            throw DlvmException.invalid("invalid_iqn", "field '" + field
                    + "' must be an iSCSI name like iqn.2026-11.org.example:host1 (lower case, at most 223 characters), got '"
                    + abbreviate(String.valueOf(iqn)) + "'");
        }
        return iqn;
    }

    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9\\[][A-Za-z0-9.:\\[\\]-]{0,254}$");

    /** A host name, IPv4 or IPv6 address: what a portal or a broker URL may carry. */
    public static String requireAddress(String field, String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw DlvmException.invalid("invalid_address", "field '" + field
                    + "' must be a host name or an IP address, got '" + abbreviate(String.valueOf(address)) + "'");
        }
        return address;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
