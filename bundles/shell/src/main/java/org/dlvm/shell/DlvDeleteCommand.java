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
@Command(scope = "dlvm", name = "dlv-delete", description = "Deletes a dlv that is not attached, with its legs and snapshots")
public class DlvDeleteCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Dlv> accepted = require(dlvService, "DlvService").delete(name, requester());
        out.println(Tables.dlvStatusLine(accepted.object()));
        out.println(Tables.acceptedLine(accepted));
    }
}
