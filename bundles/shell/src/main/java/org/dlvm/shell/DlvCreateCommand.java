package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;
import org.dlvm.api.DlvSpec;

@Service
@Command(scope = "dlvm", name = "dlv-create", description = "Creates a dlv from legs of the dvg's dpvs; an operation builds them"
        + " (with --clone-of, an online clone of an attached dlv: cloning until the copy is done)")
public class DlvCreateCommand extends DlvmChange {
    @Reference(optional = true)
    DlvService dlvService;

    @Argument(index = 0, name = "name", description = "Name of the new dlv", required = true)
    String name;

    @Argument(index = 1, name = "size", description = "Size the ihost sees, e.g. 10G, 512M, 1.5T or bytes (binary units)", required = true)
    String size;

    @Argument(index = 2, name = "dvg", description = "Name of the dvg whose dpvs hold the legs", required = true)
    @Completion(DvgNameCompleter.class)
    String dvg;

    @Option(name = "--stripes", aliases = { "-s" }, description = "Number of stripe members")
    int stripes = DlvSpec.DEFAULT_STRIPES;

    @Option(name = "--replicas", aliases = { "-r" }, description = "Legs per mirror, each on another dpv")
    int replicas = DlvSpec.DEFAULT_REPLICAS;

    @Option(name = "--data-size", aliases = { "-d" }, description = "Initial thin-pool data capacity, e.g. 2G; the controller picks it when left out")
    String dataSize;

    @Option(name = "--clone-of", description = "An attached dlv the new one is an online clone of (the source's size or"
            + " larger)")
    @Completion(DlvNameCompleter.class)
    String cloneOf;

    @Option(name = "--snapshot", description = "With --clone-of: the snapshot of it to copy; without, one is taken now")
    String snapshot;

    @Override
    void run(PrintStream out, PrintStream err) {
        DlvService service = require(dlvService, "DlvService");
        if (snapshot != null && cloneOf == null) {
            throw org.dlvm.api.DlvmException.invalid("invalid", "--snapshot names a snapshot of the dlv --clone-of names;"
                    + " give both");
        }
        // both sizes parsed before the call, so a typo in the second one creates nothing
        DlvSpec spec = new DlvSpec(name, Sizes.parse(size), dvg, stripes, replicas,
                dataSize == null ? null : Sizes.parse(dataSize),
                cloneOf == null ? null : new org.dlvm.api.CloneSource(cloneOf, snapshot));
        Accepted<Dlv> accepted = service.create(spec, requester());
        Tables.details(Tables.dlvDetails(accepted.object())).print(out);
        out.println(Tables.acceptedLine(accepted));
    }
}
