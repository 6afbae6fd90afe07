package org.dlvm.node.linux;

import org.dlvm.node.NodeException;

/** open-iscsi's {@code /etc/iscsi/initiatorname.iscsi}. */
public final class InitiatorNameFile {
    public static final String PATH = "/etc/iscsi/initiatorname.iscsi";

    private InitiatorNameFile() {
    }

    public static String parse(String content) throws NodeException {
        boolean generatePending = false;
        for (String line : content.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = trimmed.substring(0, eq).trim();
            String value = trimmed.substring(eq + 1).trim();
            if (key.equals("InitiatorName") && !value.isEmpty()) {
                return value;
            }
            if (key.equals("GenerateName") && value.equalsIgnoreCase("yes")) {
                generatePending = true;
            }
        }
        if (generatePending) {
            // Debian ships this placeholder; iscsid replaces it with a generated name on its first start
            throw new NodeException(PATH + " has no InitiatorName yet (GenerateName=yes): start iscsid once to generate it");
        }
        throw new NodeException("no InitiatorName= line in " + PATH);
    }
}
