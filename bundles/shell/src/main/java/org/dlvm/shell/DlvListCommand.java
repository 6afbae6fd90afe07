package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "dlv-list", description = "Lists the dlvs (volumes) with their status, size and where they are attached")
public class DlvListCommand extends DlvmAction {
    @Reference(optional = true)
    DlvService dlvService;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.DLV_HEADER, Tables.dlvRows(require(dlvService, "DlvService").list()))
                .emptyTableText("No dlvs created").print(out);
    }
}
