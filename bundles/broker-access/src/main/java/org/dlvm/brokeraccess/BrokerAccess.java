package org.dlvm.brokeraccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Names;
import org.dlvm.api.NodeEnrolment;
import org.dlvm.node.BrokerAccounts;
import org.dlvm.node.Secrets;
import org.dlvm.node.UsersFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded broker's per-node security settings equal to the node accounts of the realm
 * (etc/users.properties): at every start for all of them, at once for a node being enrolled.
 * Settings added this way live in the broker's memory only; the accounts file is what persists.
 */
@Component(service = NodeEnrolment.class, immediate = true)
public class BrokerAccess implements NodeEnrolment {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAccess.class);

    private final ActiveMQServer broker;
    private final Path users;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public BrokerAccess(@Reference ActiveMQServer broker) throws IOException {
        this(broker, Secrets.dir().getParent().resolve("users.properties"));
    }

    BrokerAccess(ActiveMQServer broker, Path users) throws IOException {
        this.broker = broker;
        this.users = users;
        List<String> nodes = enrolledNodes();
        nodes.forEach(this::allow);
        LOG.info("broker access: {} enrolled node(s) may read their own queues", nodes.size());
    }

    List<String> enrolledNodes() throws IOException {
        return UsersFile.usersWithRole(UsersFile.read(users), BrokerAccounts.NODE_ROLE).stream().map(BrokerAccounts::nodeOf)
                .filter(n -> n != null).toList();
    }

    private void allow(String node) {
        NodeQueues.settings(node).forEach((match, roles) -> broker.getSecurityRepository().addMatch(match, roles));
    }

    /** A new password each time: enrolling a node again is how its password is changed. */
    @Override
    public BrokerCredentials enrol(String node) {
        Names.require("name", node);
        String user = BrokerAccounts.nodeUser(node);
        String password = Secrets.generate(random);
        try {
            UsersFile.update(users, lines -> UsersFile.withUser(lines, user, password, BrokerAccounts.nodeRoles(node)));
        } catch (IOException | UncheckedIOException e) {
            throw DlvmException.unavailable("accounts_unwritable", "cannot write the node's account to " + users + ": "
                    + e.getMessage(), e);
        }
        allow(node);
        LOG.info("node {} enrolled: broker user {}", node, user);
        return new BrokerCredentials(node, user, password);
    }
}
