package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-repair-window", description = "How long a dpv of the dvg may stay unavailable before"
        + " the legs it holds are replaced on other dpvs; leave the seconds out for the controller's default")
public class DvgRepairWindowCommand extends DlvmChange {
    @Reference(optional = true)
    DvgService dvgService;

    @Argument(index = 0, name = "name", description = "Name of the dvg", required = true)
    @Completion(DvgNameCompleter.class)
    String name;

    @Argument(index = 1, name = "seconds", description = "Seconds, 1 to 604800")
    Long seconds;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dvgDetails(require(dvgService, "DvgService").setRepairWindow(name, seconds))).print(out);
    }
}
