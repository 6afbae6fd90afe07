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
@Command(scope = "dlvm", name = "dlv-show", description = "Shows one dlv, then its mirror groups and their legs")
public class DlvShowCommand extends DlvmAction {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        Dlv dlv = require(dlvService, "DlvService").get(name);
        Tables.details(Tables.dlvDetails(dlv)).print(out);
        out.println();
        Tables.table(Tables.LEG_HEADER, Tables.legRows(dlv.groups())).emptyTableText("No legs allocated").print(out);
    }
}
