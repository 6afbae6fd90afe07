package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "snapshot-list", description = "Lists the snapshots of a dlv")
public class SnapshotListCommand extends DlvmAction {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "dlv", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String dlv;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.SNAPSHOT_HEADER, Tables.snapshotRows(require(dlvService, "DlvService").snapshots(dlv)))
                .emptyTableText("No snapshots of " + dlv).print(out);
    }
}
