package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.OperationService;

@Service
@Command(scope = "dlvm", name = "operation-show", description = "Shows one operation, with its error if it failed")
public class OperationShowCommand extends DlvmAction {
    @Reference(optional = true)
    OperationService operationService;

    @Argument(index = 0, name = "id", description = "Operation id, as printed by the command that started it", required = true)
    String id;

    @Override
    void run(PrintStream out, PrintStream err) {
        Tables.details(Tables.operationDetails(require(operationService, "OperationService").get(id))).print(out);
    }
}
