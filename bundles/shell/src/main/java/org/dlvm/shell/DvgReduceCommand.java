package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-reduce", description = "Removes a dpv that holds no legs from a dvg")
public class DvgReduceCommand extends DlvmChange {
    @Reference(optional = true)
    DvgService dvgService;

    @Argument(index = 0, name = "dvg", description = "Name of the dvg", required = true)
    @Completion(DvgNameCompleter.class)
    String dvg;

    @Argument(index = 1, name = "dpv", description = "Name of the dpv to remove", required = true)
    @Completion(DpvNameCompleter.class)
    String dpv;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dvgDetails(require(dvgService, "DvgService").reduce(dvg, dpv))).print(out);
    }
}
