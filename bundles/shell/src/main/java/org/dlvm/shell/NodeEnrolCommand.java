package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.NodeEnrolment;

@Service
@Command(scope = "dlvm", name = "node-enrol", description = "Makes a node's broker account (or gives it a new password) and"
        + " prints what to write on the node; run it on the controller that runs the broker")
public class NodeEnrolCommand extends DlvmChange {
    @Reference(optional = true)
    NodeEnrolment enrolment;

    @Argument(index = 0, name = "node", description = "The node's name (its etc/org.dlvm.node.cfg name, or its host name)",
            required = true)
    String node;

    @Override
    void run(PrintStream out, PrintStream err) {
        NodeEnrolment.BrokerCredentials c = require(enrolment, "NodeEnrolment").enrol(node);
        out.println("Broker user     " + c.brokerUser());
        out.println("Broker password " + c.brokerPassword());
        out.println("On node " + c.node() + ", as root: umask 077; mkdir -p etc/dlvm-secrets; echo '" + c.brokerPassword()
                + "' > etc/dlvm-secrets/broker.password");
        out.println("Its agents connect within seconds; the password is shown only now (enrol again for a new one).");
    }
}
