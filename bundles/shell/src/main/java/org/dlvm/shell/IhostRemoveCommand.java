package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.IhostService;

@Service
@Command(scope = "dlvm", name = "ihost-remove", description = "Removes an ihost that has no dlvs attached")
public class IhostRemoveCommand extends DlvmChange {
    @Reference(optional = true)
    IhostService ihostService;

    @Argument(index = 0, name = "name", description = "Name of the ihost", required = true)
    @Completion(IhostNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out, PrintStream err) {
        require(ihostService, "IhostService").delete(name);
        out.println("Removed ihost " + name);
    }
}
