package org.dlvm.node.linux;

import java.util.regex.Pattern;

/**
 * iSCSI names and portals, checked before they become configfs directory names or iscsiadm
 * arguments (an IQN with a '/' would be a path, one starting with '-' an option).
 */
public final class IscsiNames {
    /** RFC 3720: at most 223 bytes. */
    public static final int MAX_NAME_BYTES = 223;

    private static final Pattern IQN = Pattern.compile(
            "^(iqn\\.[0-9]{4}-[0-9]{2}\\.[A-Za-z0-9][A-Za-z0-9.-]*(:[A-Za-z0-9._:-]+)?"
                    + "|eui\\.[0-9A-Fa-f]{16}|naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?)$");
    private static final Pattern IPV4 = Pattern.compile("^([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private IscsiNames() {
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME_BYTES && IQN.matcher(name).matches();
    }

    public static String checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid iSCSI name '" + name + "': expected iqn.YYYY-MM.domain[:id], "
                    + "eui.<16 hex> or naa.<16 or 32 hex>, at most " + MAX_NAME_BYTES + " characters");
        }
        return name;
    }

    /** A literal address only: a host name would be resolved differently by the target and the initiator. */
    public static boolean isValidAddress(String ip) {
        if (ip == null) {
            return false;
        }
        var v4 = IPV4.matcher(ip);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return ip.indexOf(':') >= 0 && ip.length() <= 45 && IPV6.matcher(ip).matches();
    }

    /** An np directory name or iscsiadm portal as {@link #portal} makes it. */
    public static boolean isValidPortal(String portal) {
        if (portal == null) {
            return false;
        }
        int colon = portal.lastIndexOf(':');
        if (colon <= 0 || colon == portal.length() - 1) {
            return false;
        }
        String host = portal.substring(0, colon);
        String port = portal.substring(colon + 1);
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            return false;
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        String ip = bracketed ? host.substring(1, host.length() - 1) : host;
        if (bracketed != (ip.indexOf(':') >= 0) || !isValidAddress(ip)) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    /** {@code <ip>:<port>}, with an IPv6 address in brackets, as LIO's np directory and iscsiadm's -p both write it. */
    public static String portal(String ip, int port) {
        if (!isValidAddress(ip)) {
            throw new IllegalArgumentException("invalid portal address '" + ip + "': a literal IPv4 or IPv6 address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid portal port " + port);
        }
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
}
