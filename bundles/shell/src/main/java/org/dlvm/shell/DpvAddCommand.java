package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-add", description = "Registers a dpv; an operation then asks its agent for its capacity")
public class DpvAddCommand extends DlvmChange {
    @Reference(optional = true)
    DpvService dpvService;

    @Argument(index = 0, name = "name", description = "Name of the new dpv (its agent's node name)", required = true)
    String name;

    @Option(name = "--address", aliases = { "-a" }, description = "Address the dpv's storage is reached at")
    String address;

    @Option(name = "--failure-domain", aliases = { "-f" }, description = "The rack or zone the dpv fails with (none by default)")
    String failureDomain;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Dpv> accepted = require(dpvService, "DpvService").register(name, address, failureDomain, requester());
        Tables.details(Tables.dpvDetails(accepted.object())).print(out);
        out.println(Tables.acceptedLine(accepted));
    }
}
