package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "dlv-revert", description = "Rolls a detached dlv back to one of its snapshots (which stays);"
        + " the next dlvm:dlv-attach carries it out")
public class DlvRevertCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Argument(index = 1, name = "snapshot", description = "Name of the snapshot to go back to", required = true)
    String snapshot;

    @Override
    void run(PrintStream out, PrintStream err) {
        Dlv dlv = require(dlvService, "DlvService").revert(name, snapshot, requester());
        out.println(Tables.dlvStatusLine(dlv) + ", reverted to snapshot " + dlv.revertPending() + " at its next attach");
    }
}
