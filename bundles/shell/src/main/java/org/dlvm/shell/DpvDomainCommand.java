package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-domain", description = "Puts a dpv in a failure domain (a rack or zone), or in none;"
        + " legs placed already stay, new mirrors and repairs follow it")
public class DpvDomainCommand extends DlvmChange {
    @Reference(optional = true)
    DpvService dpvService;

    @Argument(index = 0, name = "name", description = "Name of the dpv", required = true)
    @Completion(DpvNameCompleter.class)
    String name;

    @Argument(index = 1, name = "domain", description = "The failure domain; leave out for none")
    String domain;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dpvDetails(require(dpvService, "DpvService").setFailureDomain(name, domain))).print(out);
    }
}
