package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-remove", description = "Removes a dpv that is in no dvg")
public class DpvRemoveCommand extends DlvmChange {
    @Reference(optional = true)
    DpvService dpvService;

    @Argument(index = 0, name = "name", description = "Name of the dpv", required = true)
    @Completion(DpvNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        require(dpvService, "DpvService").delete(name);
        out.println("Removed dpv " + name);
    }
}
