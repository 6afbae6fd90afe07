package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-create", description = "Creates an empty dvg; add dpvs with dlvm:dvg-extend")
public class DvgCreateCommand extends DlvmChange {
    @Reference(optional = true)
    DvgService dvgService;

    @Argument(index = 0, name = "name", description = "Name of the new dvg", required = true)
    String name;

    @org.apache.karaf.shell.api.action.Option(name = "--domain-policy", description = "preferred (default): mirrors spread over"
            + " failure domains where the dvg has enough; required: refuse a mirror that cannot")
    org.dlvm.api.DomainPolicy domainPolicy;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dvgDetails(require(dvgService, "DvgService").create(name, domainPolicy))).print(out);
    }
}
