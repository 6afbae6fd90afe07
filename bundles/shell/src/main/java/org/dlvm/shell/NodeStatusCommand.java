package org.dlvm.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.NodeIdentity;
import org.dlvm.api.NodePart;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

@Service
@Command(scope = "dlvm", name = "node-status", description = "Shows who this node is and the state of each of its running parts")
public class NodeStatusCommand extends DlvmAction {
    /**
     * Optional although every node has one: this is the command an operator runs when the
     * node misbehaves, so it must still show the parts when the identity is what failed.
     */
    @Reference(optional = true)
    NodeIdentity identity;

    @Reference
    BundleContext bundleContext;

    @Override
    void run(PrintStream out, PrintStream err) {
        if (identity != null) {
            Tables.details(Tables.identityDetails(identity)).print(out);
        } else {
            err.println("Error: no NodeIdentity service; check that dlvm-node is started and etc/org.dlvm.node.cfg is valid");
        }
        out.println();
        Tables.table(Tables.PART_HEADER, Tables.partRows(parts(bundleContext)))
                .emptyTableText("No node parts running").print(out);
    }

    /**
     * A fresh lookup each time rather than a tracked list: parts come and go with roles and
     * the command should show what is registered right now.
     */
    static List<List<String>> parts(BundleContext context) {
        Collection<ServiceReference<NodePart>> refs;
        try {
            refs = context.getServiceReferences(NodePart.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter cannot be invalid", e);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ServiceReference<NodePart> ref : refs) {
            NodePart part = context.getService(ref);
            if (part == null) {
                continue; // unregistered between the lookup and now
            }
            try {
                rows.add(List.of(Tables.text(part.partName()), Tables.text(part.state())));
            } catch (RuntimeException e) {
                // one broken part must not hide the state of the others
                Object name = ref.getProperty("component.name");
                rows.add(List.of(name != null ? name.toString() : "service " + ref.getProperty("service.id"),
                        "failed to report: " + e));
            } finally {
                context.ungetService(ref);
            }
        }
        return rows;
    }
}
