package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import org.dlvm.node.NodeException;

/**
 * device-mapper through {@code dmsetup}: every command's result is checked, and a failure
 * carries dmsetup's own words. Multi-line tables go through a table file under
 * {@code <root>/run/dlvm/tables}, removed after use.
 */
final class DmDevices {
    static final String TABLE_DIR = "run/dlvm/tables";

    private final CommandRunner runner;
    private final Path tableDir;

    DmDevices(CommandRunner runner, Path root) {
        this.runner = runner;
        this.tableDir = root.resolve(TABLE_DIR);
    }

    /** Every dm device's name, as {@code dmsetup ls} lists them. */
    Set<String> names() throws NodeException {
        return new LinkedHashSet<>(DmsetupCommands.parseList(check(runner.run(DmsetupCommands.list())).stdout()));
    }

    String table(String name) throws NodeException {
        return check(runner.run(DmsetupCommands.table(name))).stdout();
    }

    String status(String name) throws NodeException {
        return check(runner.run(DmsetupCommands.status(name))).stdout().trim();
    }

    /** Every raid device's status lines by name, from one {@code dmsetup status --target raid}. */
    Map<String, List<String>> raidStatuses() throws NodeException {
        return DmStatus.byDevice(runner.run(DmsetupCommands.statusOfRaids()));
    }

    /** Every linear device's status lines by name, from one {@code dmsetup status --target linear}. */
    Map<String, List<String>> linearStatuses() throws NodeException {
        return DmStatus.byDevice(runner.run(DmsetupCommands.statusOfLinears()));
    }

    DmStatus.ThinPoolStatus poolStatus(String pool) throws NodeException {
        return DmStatus.parseThinPool(status(pool));
    }

    void create(String name, String table) throws NodeException {
        if (table.contains("\n")) {
            withTableFile(name, table, file -> check(runner.run(DmsetupCommands.createFromFile(name, file))));
        } else {
            check(runner.run(DmsetupCommands.create(name, table)));
        }
    }

    /** Into the inactive slot; live at the next resume. */
    void load(String name, String table) throws NodeException {
        if (table.contains("\n")) {
            withTableFile(name, table, file -> check(runner.run(DmsetupCommands.loadFromFile(name, file))));
        } else {
            check(runner.run(DmsetupCommands.load(name, table)));
        }
    }

    void suspend(String name) throws NodeException {
        check(runner.run(DmsetupCommands.suspend(name)));
    }

    void resume(String name) throws NodeException {
        check(runner.run(DmsetupCommands.resume(name)));
    }

    /**
     * A new table for a live device: loaded, then the device suspended and resumed at once, so it
     * is never left suspended. A resume that fails (the kernel then drops the new table) is tried
     * once more, which resumes the old table.
     */
    void reload(String name, String table) throws NodeException {
        load(name, table);
        suspend(name);
        resumeOrRetry(name, "resumed with its previous table");
    }

    /**
     * Suspended and resumed on the table it has. On a raid device the second resume is where
     * dm-raid tries its failed legs again ({@code attempt_restore_of_faulty_devices}, what
     * {@code lvchange --refresh} relies on): a leg whose device answers again rejoins and resyncs
     * what its write-intent bitmap marks. A resume that fails is tried once more.
     */
    void refresh(String name) throws NodeException {
        suspend(name);
        resumeOrRetry(name, "resumed");
    }

    /** A suspended device resumed; never left suspended by one failed resume. */
    private void resumeOrRetry(String name, String whenRetried) throws NodeException {
        CommandResult resumed = runner.run(DmsetupCommands.resume(name));
        if (!resumed.succeeded()) {
            CommandResult again = runner.run(DmsetupCommands.resume(name));
            throw new NodeException(resumed.failureMessage() + (again.succeeded() ? "; " + name + " " + whenRetried
                    : "; " + name + " is still suspended: " + again.failureMessage()));
        }
    }

    void remove(String name) throws NodeException {
        check(runner.run(DmsetupCommands.remove(name)));
    }

    /** A thin-pool message; the caller judges the result (some failures mean "done before"). */
    CommandResult message(String pool, String message) throws NodeException {
        return runner.run(DmsetupCommands.message(pool, message));
    }

    static CommandResult check(CommandResult result) throws NodeException {
        if (!result.succeeded()) {
            throw new NodeException(result.failureMessage());
        }
        return result;
    }

    private interface TableFileUse {
        void run(String file) throws NodeException;
    }

    private void withTableFile(String name, String table, TableFileUse use) throws NodeException {
        Path file = tableDir.resolve(name + ".table");
        try {
            Files.createDirectories(tableDir);
            Files.writeString(file, table + "\n");
        } catch (IOException e) {
            throw new NodeException("cannot write the table of " + name + " to " + file + ": " + e.getMessage(), e);
        }
        try {
            use.run(file.toAbsolutePath().toString());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stale table file is harmless: the next write of the same device replaces it
            }
        }
    }
}
