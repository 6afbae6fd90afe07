package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
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

    @Option(name = "--force", description = "For an ihost that is gone or cannot let go: do not wait for it; the dpvs stop"
            + " exporting the legs to it (fencing), and what it holds is removed when it answers again")
    boolean force;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Dlv> accepted = require(dlvService, "DlvService").detach(name, force, requester());
        out.println(Tables.dlvStatusLine(accepted.object()));
        out.println(Tables.acceptedLine(accepted));
    }
}
