package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DlvmException;
import org.dlvm.api.OperationService;

@Service
@Command(scope = "dlvm", name = "operation-list", description = "Lists the most recent operations, newest first")
public class OperationListCommand extends DlvmAction {
    @Reference(optional = true)
    OperationService operationService;

    @Option(name = "--limit", aliases = { "-n" }, description = "How many operations to show at most")
    int limit = 20;

    @Override
    void run(PrintStream out, PrintStream err) {
        OperationService service = require(operationService, "OperationService");
        if (limit < 1) {
            throw DlvmException.invalid("invalid_limit", "--limit must be at least 1, got " + limit);
        }
        Tables.table(Tables.OPERATION_HEADER, Tables.operationRows(service.list(limit)))
                .emptyTableText("No operations yet").print(out);
    }
}
