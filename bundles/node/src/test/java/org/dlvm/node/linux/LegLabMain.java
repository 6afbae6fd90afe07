package org.dlvm.node.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dlvm.node.NodeException;

/**
 * One {@link LegExecutor} operation on the machine it runs on, with every command and its exit
 * code printed: how the kernel lab drives the dpv side by hand (a dpv guest sees the build
 * machine's files, so it runs this from the build's class directories).
 *
 * <pre>
 *   java -cp CLASSES org.dlvm.node.linux.LegLabMain create VG LEG BYTES meta|data
 *   java -cp CLASSES org.dlvm.node.linux.LegLabMain export LEG INITIATOR_IQN [CHAP_USER CHAP_PASSWORD]
 *   java -cp CLASSES org.dlvm.node.linux.LegLabMain unexport LEG
 *   java -cp CLASSES org.dlvm.node.linux.LegLabMain delete VG LEG
 * </pre>
 * Prints {@code LEG_OK <op> <ms>} or {@code LEG_FAILED <op>: <message>} (exit 1).
 */
public final class LegLabMain {
    private LegLabMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: create VG LEG BYTES meta|data | export LEG IQN [USER PASSWORD] | unexport LEG | delete VG LEG");
            System.exit(2);
        }
        List<Path> dirs = CommandSearch.searchDirs(System.getenv("PATH"));
        CommandRunner process = new ProcessCommandRunner(dirs, Duration.ofSeconds(120));
        CommandRunner printing = command -> {
            long start = System.nanoTime();
            CommandResult result = process.run(command);
            System.out.printf("$ %s -> exit %d (%d ms)%n", String.join(" ", command), result.exitCode(),
                    (System.nanoTime() - start) / 1_000_000);
            result.stdout().lines().forEach(l -> System.out.println("  | " + l));
            result.stderr().lines().forEach(l -> System.out.println("  ! " + l));
            return result;
        };
        LegExecutor legs = new LegExecutor(printing, Path.of("/"), LioConfigfs.atDefaultRoot());
        long start = System.nanoTime();
        try {
            switch (args[0]) {
                case "create" -> legs.create(args[1], args[2], Long.parseLong(args[3]), args[4].equals("meta"));
                case "export" -> legs.export(args[1], args[2], args.length > 3 ? args[3] : null,
                        args.length > 4 ? args[4] : null);
                case "unexport" -> legs.unexport(args[1]);
                case "delete" -> legs.delete(args[1], args[2]);
                default -> throw new NodeException("unknown operation " + args[0]);
            }
        } catch (NodeException e) {
            System.out.println("LEG_FAILED " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
        System.out.println("LEG_OK " + args[0] + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
