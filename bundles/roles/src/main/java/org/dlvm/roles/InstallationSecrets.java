package org.dlvm.roles;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dlvm.node.BrokerAccounts;
import org.dlvm.node.NodeRoles;
import org.dlvm.node.Secrets;
import org.dlvm.node.UsersFile;

/**
 * What a node makes for itself at its first start, so that no two installations share a secret:
 * the shell's (and on a controller the REST API's) administrator password; on a controller that
 * runs the broker the controllers' broker account, and the broker account of this node's own agents. Each password
 * goes to a file only its owner can read, named in what this returns; whatever exists already (an
 * operator's account, a copied file) is kept.
 */
final class InstallationSecrets {
    private InstallationSecrets() {
    }

    /** A secret made now: what it is for, and where it is. */
    record Made(String what, String user, Path file) {
        String sentence() {
            return "DLVM made the password of " + what + " (user " + user + ") in " + file + ", readable by its owner only";
        }
    }

    static List<Made> provision(Path etc, String node, Set<String> roles, boolean brokerEmbedded, Path nodePasswordFile,
            Path controllerPasswordFile, SecureRandom random) throws IOException {
        List<Made> made = new ArrayList<>();
        boolean controller = roles.contains(NodeRoles.CONTROLLER);
        Path users = etc.resolve("users.properties");
        Path secrets = etc.resolve(Secrets.DIR);
        UsersFile.update(users, lines -> {
            List<String> out = lines;
            try {
                out = account(out, BrokerAccounts.ADMIN_USER, List.of("_g_:admingroup"),
                        secrets.resolve(BrokerAccounts.ADMIN_PASSWORD_FILE),
                        controller ? "the REST API and shell administrator" : "the shell administrator", random, made);
                if (controller && brokerEmbedded) {
                    out = account(out, BrokerAccounts.CONTROLLER_USER, List.of(BrokerAccounts.CONTROLLER_ROLE),
                            controllerPasswordFile, "the controllers on the broker", random, made);
                    if (roles.contains(NodeRoles.DPV) || roles.contains(NodeRoles.IHOST)) {
                        String user = BrokerAccounts.nodeUser(node);
                        out = account(out, user, BrokerAccounts.nodeRoles(node),
                                nodePasswordFile, "this node's agents on the broker", random, made);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        });
        return made;
    }

    private static List<String> account(List<String> lines, String user, List<String> roles, Path file, String what,
            SecureRandom random, List<Made> made) throws IOException {
        if (UsersFile.has(lines, user)) {
            return lines;
        }
        String password = Secrets.generate(random);
        Secrets.write(file, password);
        made.add(new Made(what, user, file));
        return UsersFile.withUser(lines, user, password, roles);
    }
}
