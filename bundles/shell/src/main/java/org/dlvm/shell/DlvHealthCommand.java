package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "dlv-health", description = "Lists the mirrors of attached dlvs that lack a leg's copy"
        + " (dead, missing, unreachable or rebuilding legs), with their sync progress")
public class DlvHealthCommand extends DlvmAction {
    @Reference(optional = true)
    DlvService dlvService;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.HEALTH_HEADER, Tables.healthRows(require(dlvService, "DlvService").list()))
                .emptyTableText("Every mirror of every attached dlv is in sync").print(out);
    }
}
