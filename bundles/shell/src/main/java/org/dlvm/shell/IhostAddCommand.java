package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;

@Service
@Command(scope = "dlvm", name = "ihost-add", description = "Registers an ihost; without --iqn its agent is asked for the initiator IQN")
public class IhostAddCommand extends DlvmChange {
    @Reference(optional = true)
    IhostService ihostService;

    @Argument(index = 0, name = "name", description = "Name of the new ihost (its agent's node name)", required = true)
    String name;

    @Option(name = "--iqn", aliases = { "-i" }, description = "Initiator IQN, e.g. iqn.2026-11.org.example:host1")
    String iqn;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Ihost> accepted = require(ihostService, "IhostService").register(name, iqn, requester());
        Tables.details(Tables.ihostDetails(accepted.object())).print(out);
        out.println(Tables.acceptedLine(accepted));
    }
}
