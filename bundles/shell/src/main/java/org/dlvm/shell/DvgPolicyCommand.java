package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DomainPolicy;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-domain-policy", description = "Whether the dvg's new mirrors must spread over failure"
        + " domains (required) or do where they can (preferred)")
public class DvgPolicyCommand extends DlvmChange {
    @Reference(optional = true)
    DvgService dvgService;

    @Argument(index = 0, name = "name", description = "Name of the dvg", required = true)
    @Completion(DvgNameCompleter.class)
    String name;

    @Argument(index = 1, name = "policy", description = "preferred or required", required = true)
    DomainPolicy policy;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dvgDetails(require(dvgService, "DvgService").setDomainPolicy(name, policy))).print(out);
    }
}
