package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-list", description = "Lists the dvgs (groups of dpvs) with their capacity")
public class DvgListCommand extends DlvmAction {
    @Reference(optional = true)
    DvgService dvgService;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.DVG_HEADER, Tables.dvgRows(require(dvgService, "DvgService").list()))
                .emptyTableText("No dvgs created").print(out);
    }
}
