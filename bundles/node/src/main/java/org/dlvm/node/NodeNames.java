package org.dlvm.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The node's name: configured, or else the host's. */
public final class NodeNames {
    private static final Path ETC_HOSTNAME = Path.of("/etc/hostname");

    private NodeNames() {
    }

    public static String nodeName(NodeConfig config) {
        return nodeName(config.name(), NodeNames::hostName);
    }

    static String nodeName(String configured, Supplier<String> hostName) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hostName.get();
    }

    /** The host name as the resolver knows it, else from /etc/hostname (a host without DNS for itself), else "localhost". */
    public static String hostName() {
        return hostName(NodeNames::resolverHostName, ETC_HOSTNAME);
    }

    static String hostName(Supplier<String> resolver, Path etcHostname) {
        String name = resolver.get();
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        try {
            String fromFile = Files.readString(etcHostname).trim();
            if (!fromFile.isEmpty()) {
                return fromFile.lines().findFirst().orElseThrow().trim();
            }
        } catch (IOException e) {
            // fall through: the last resort below is better than no name at all
        }
        return "localhost";
    }

    private static String resolverHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
