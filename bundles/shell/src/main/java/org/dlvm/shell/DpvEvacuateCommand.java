package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.DpvService;

@Service
@Command(scope = "dlvm", name = "dpv-evacuate", description = "Drains a dpv before maintenance: it takes no new legs, and"
        + " the legs it holds of attached dlvs move to other dpvs, the dlvs online (watch Legs fall to 0)")
public class DpvEvacuateCommand extends DlvmChange {
    @Reference(optional = true)
    DpvService dpvService;

    @Argument(index = 0, name = "name", description = "Name of the dpv", required = true)
    @Completion(DpvNameCompleter.class)
    String name;

    @Option(name = "--cancel", description = "The dpv takes new legs again; legs moved already stay moved")
    boolean cancel;

    @Override
    void run(PrintStream out, PrintStream err) {
        DpvService dpvs = require(dpvService, "DpvService");
        Tables.details(Tables.dpvDetails(cancel ? dpvs.cancelEvacuation(name) : dpvs.evacuate(name))).print(out);
    }
}
