package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-list", description = "Lists the dpvs (storage servers) with their status and capacity")
public class DpvListCommand extends DlvmAction {
    @Reference(optional = true)
    DpvService dpvService;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.table(Tables.DPV_HEADER, Tables.dpvRows(require(dpvService, "DpvService").list()))
                .emptyTableText("No dpvs registered").print(out);
    }
}
