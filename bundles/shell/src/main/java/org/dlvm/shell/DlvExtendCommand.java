package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;

@Service
@Command(scope = "dlvm", name = "dlv-extend", description = "Grows a dlv to a new total size, attached or not")
public class DlvExtendCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the dlv", required = true)
    @Completion(DlvNameCompleter.class)
    String name;

    @Argument(index = 1, name = "size", description = "New total size (not an increment), e.g. 20G", required = true)
    String size;

    @Override
    void run(PrintStream out, PrintStream err) {
        DlvService service = require(dlvService, "DlvService");
        long bytes = Sizes.parse(size);
        Accepted<Dlv> accepted = service.extend(name, bytes, requester());
        // the size asked for: the stored one may only change once the operation has grown the legs
        out.println(Tables.dlvStatusLine(accepted.object()) + " to " + Sizes.human(bytes));
        out.println(Tables.acceptedLine(accepted));
    }
}
