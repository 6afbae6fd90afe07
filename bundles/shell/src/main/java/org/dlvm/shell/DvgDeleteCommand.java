package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DvgService;

@Service
@Command(scope = "dlvm", name = "dvg-delete", description = "Deletes a dvg that holds no dlvs")
public class DvgDeleteCommand extends DlvmChange {
    @Reference(optional = true)
    DvgService dvgService;

    @Argument(index = 0, name = "name", description = "Name of the dvg", required = true)
    @Completion(DvgNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        require(dvgService, "DvgService").delete(name);
        out.println("Deleted dvg " + name);
    }
}
