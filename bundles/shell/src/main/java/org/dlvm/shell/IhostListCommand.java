package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.IhostService;

@Service
@Command(scope = "dlvm", name = "ihost-list", description = "Lists the ihosts (iSCSI initiator hosts) with their status")
public class IhostListCommand extends DlvmAction {
    @Reference(optional = true)
    IhostService ihostService;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.IHOST_HEADER, Tables.ihostRows(require(ihostService, "IhostService").list()))
                .emptyTableText("No ihosts registered").print(out);
    }
}
