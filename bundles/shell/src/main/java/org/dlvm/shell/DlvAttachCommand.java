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
@Command(scope = "dlvm", name = "dlv-attach", description = "Attaches a dlv to an ihost; dlvm:dlv-show then gives its device path")
public class DlvAttachCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Argument(index = 1, name = "ihost", description = "Name of the ihost to attach it to", required = true)
    @Completion(IhostNameCompleter.class)
    String ihost;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Dlv> accepted = require(dlvService, "DlvService").attach(name, ihost, requester());
        out.println(Tables.dlvStatusLine(accepted.object()));
        out.println(Tables.acceptedLine(accepted));
    }
}
