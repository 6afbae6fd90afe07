package org.dlvm.node.linux;

import java.util.Map;

/** Which package provides which command, so that "not found" comes with the remedy. */
public final class CommandPackages {
    private static final Map<String, String> PACKAGES = Map.of(
            "lvm", "lvm2 (LVM2 tools)",
            "dmsetup", "dmsetup (device-mapper tools; package device-mapper on RHEL)",
            "iscsiadm", "open-iscsi (iscsi-initiator-utils on RHEL)");

    private CommandPackages() {
    }

    public static String notFoundMessage(String command) {
        String pkg = PACKAGES.get(command);
        return pkg == null
                ? "command '" + command + "' not found"
                : "command '" + command + "' not found: install " + pkg;
    }
}
