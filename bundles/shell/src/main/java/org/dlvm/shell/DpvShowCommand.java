package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-show", description = "Shows one dpv")
public class DpvShowCommand extends DlvmAction {
    @Reference(optional = true)
    DpvService dpvService;

    @Argument(index = 0, name = "name", description = "Name of the dpv", required = true)
    @Completion(DpvNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.dpvDetails(require(dpvService, "DpvService").get(name))).print(out);
    }
}
