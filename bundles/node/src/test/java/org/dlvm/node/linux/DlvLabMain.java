package org.dlvm.node.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.api.DlvLayout;
import org.dlvm.node.NodeException;

/**
 * One {@link DlvAssembler} operation on the machine it runs on, every command printed with its
 * exit code and output: how the kernel lab drives the ihost side by hand (an ihost guest sees the
 * build machine's files, so it runs this from copies of the build's class directories).
 *
 * <pre>
 *   java -cp CLASSES org.dlvm.node.linux.DlvLabMain OP [key=value]...
 *   OP: assemble | grow | disassemble | snapshot | delete-snapshot
 *   dlv=ihb1 size=256 (MiB) members=2 meta=1 data=1 (mirrors per member) tx=0 (the controller's transaction id)
 *   fresh-meta=0 fresh-data=0 (mirrors from this index on are fresh; the count for none) thin=0 snap=1
 *   dpvs=10.77.0.11,10.77.0.12 (leg j of every mirror on dpv j) unreachable=LEG,LEG
 * </pre>
 * Leg ids are {@code <dlv>-s<i>-<meta|data><k>-<j>}; meta legs carry 8 MiB of thin metadata,
 * data legs 64 MiB. Prints {@code DLV_OK <op> <ms> ms <result>} or {@code DLV_FAILED <op>: <message>} (exit 1).
 */
public final class DlvLabMain {
    private DlvLabMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: assemble|grow|disassemble|snapshot|delete-snapshot [key=value]...");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        DlvLayout layout = layout(opts);
        List<Path> dirs = CommandSearch.searchDirs(System.getenv("PATH"));
        CommandRunner process = new ProcessCommandRunner(dirs, Duration.ofSeconds(120));
        CommandRunner printing = command -> {
            long start = System.nanoTime();
            CommandResult result = process.run(command);
            // the wall clock, to place each command among what else runs in the guest (fio)
            System.out.printf("%s $ %s -> exit %d (%d ms)%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS),
                    String.join(" ", IscsiadmCommands.redacted(command)), result.exitCode(),
                    (System.nanoTime() - start) / 1_000_000);
            result.stdout().lines().forEach(l -> System.out.println("  | " + l));
            result.stderr().lines().forEach(l -> System.out.println("  ! " + l));
            return result;
        };
        DlvAssembler assembler = new DlvAssembler(printing, Path.of("/"));
        long start = System.nanoTime();
        String op = args[0];
        try {
            Object result = switch (op) {
                case "assemble" -> assembler.assemble(layout);
                case "grow" -> assembler.grow(layout);
                case "disassemble" -> {
                    assembler.disassemble(layout);
                    yield "disassembled";
                }
                case "snapshot" -> "transaction " + assembler.createSnapshot(layout, Long.parseLong(opts.get("snap")),
                        layout.thinId());
                case "delete-snapshot" -> "transaction " + assembler.deleteSnapshot(layout, Long.parseLong(opts.get("snap")));
                default -> throw new NodeException("unknown operation " + op);
            };
            System.out.println("DLV_OK " + op + " " + (System.nanoTime() - start) / 1_000_000 + " ms " + result);
        } catch (NodeException | RuntimeException e) {
            System.out.println("DLV_FAILED " + op + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static DlvLayout layout(Map<String, String> opts) {
        String dlv = opts.getOrDefault("dlv", "ihb1");
        int members = Integer.parseInt(opts.getOrDefault("members", "2"));
        int metaMirrors = Integer.parseInt(opts.getOrDefault("meta", "1"));
        int dataMirrors = Integer.parseInt(opts.getOrDefault("data", "1"));
        int freshMeta = Integer.parseInt(opts.getOrDefault("fresh-meta", "0"));
        int freshData = Integer.parseInt(opts.getOrDefault("fresh-data", "0"));
        List<String> dpvs = List.of(opts.getOrDefault("dpvs", "10.77.0.11,10.77.0.12").split(","));
        Set<String> unreachable = Set.of(opts.getOrDefault("unreachable", "").split(","));
        List<DlvLayout.Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            List<DlvLayout.Mirror> meta = new ArrayList<>();
            List<DlvLayout.Mirror> data = new ArrayList<>();
            for (int k = 0; k < metaMirrors; k++) {
                meta.add(mirror(dlv + "-s" + i + "-meta" + k, k, Sizes.legBytes(8 * Sizes.MIB), k >= freshMeta, dpvs,
                        unreachable));
            }
            for (int k = 0; k < dataMirrors; k++) {
                data.add(mirror(dlv + "-s" + i + "-data" + k, k, Sizes.legBytes(64 * Sizes.MIB), k >= freshData, dpvs,
                        unreachable));
            }
            list.add(new DlvLayout.Member(i, meta, data));
        }
        return new DlvLayout(dlv, Long.parseLong(opts.getOrDefault("size", "256")) * Sizes.MIB, 128, 128, 4096, 16,
                Long.parseLong(opts.getOrDefault("thin", "0")), Long.parseLong(opts.getOrDefault("tx", "0")), list);
    }

    private static DlvLayout.Mirror mirror(String prefix, int index, long legBytes, boolean fresh, List<String> dpvs,
            Set<String> unreachable) {
        List<DlvLayout.Leg> legs = new ArrayList<>();
        for (int j = 0; j < dpvs.size(); j++) {
            String leg = prefix + "-" + j;
            legs.add(new DlvLayout.Leg(leg, "dpv" + (j + 1), dpvs.get(j), 3260, null, null, !unreachable.contains(leg)));
        }
        return new DlvLayout.Mirror(index, legBytes, fresh, legs);
    }
}
