package org.dlvm.node.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding executables the way a root shell would. */
public final class CommandSearch {
    /** LVM and open-iscsi live in sbin, which a service manager's or a user's PATH often lacks. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    private CommandSearch() {
    }

    /** The PATH's directories in order, then the system directories it lacks. */
    public static List<Path> searchDirs(String pathVariable) {
        List<Path> dirs = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(":")) {
                if (!dir.isBlank() && !dirs.contains(Path.of(dir))) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        for (String dir : SYSTEM_DIRS) {
            if (!dirs.contains(Path.of(dir))) {
                dirs.add(Path.of(dir));
            }
        }
        return List.copyOf(dirs);
    }

    public static Optional<Path> find(String command, List<Path> dirs) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : dirs) {
            Path candidate = dir.resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
