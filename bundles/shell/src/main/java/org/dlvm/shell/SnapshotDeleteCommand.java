package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.DlvService;
import org.dlvm.api.Snapshot;

@Service
@Command(scope = "dlvm", name = "snapshot-delete", description = "Deletes a snapshot of a dlv")
public class SnapshotDeleteCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "dlv", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String dlv;

    @Argument(index = 1, name = "snapshot", description = "Name of the snapshot (see dlvm:snapshot-list)", required = true)
    String snapshot;

    @Override
    void run(PrintStream out, PrintStream err) {
        Accepted<Snapshot> accepted = require(dlvService, "DlvService").deleteSnapshot(dlv, snapshot, requester());
        out.println(Tables.snapshotStatusLine(accepted.object()));
        out.println(Tables.acceptedLine(accepted));
    }
}
