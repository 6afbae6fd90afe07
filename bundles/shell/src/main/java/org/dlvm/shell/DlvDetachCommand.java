package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "dlv-detach", description = "Detaches a dlv from its ihost")
public class DlvDetachCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Dlv> accepted = require(dlvService, "DlvService").detach(name, requester());
        out.println(Tables.dlvStatusLine(accepted.object()));
        out.println(Tables.acceptedLine(accepted));
    }
}
