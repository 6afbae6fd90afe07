package org.dlvm.node.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dlvm.node.NodeException;

/** Runs commands as child processes, in the C locale so that their output parses the same everywhere. */
public final class ProcessCommandRunner implements CommandRunner {
    private final List<Path> searchDirs;
    private final Duration timeout;

    public ProcessCommandRunner(List<Path> searchDirs, Duration timeout) {
        this.searchDirs = List.copyOf(searchDirs);
        this.timeout = timeout;
    }

    @Override
    public CommandResult run(List<String> command) throws NodeException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String name = command.get(0);
        Path executable = CommandSearch.find(name, searchDirs)
                .orElseThrow(() -> new NodeException(CommandPackages.notFoundMessage(name)));
        List<String> argv = new ArrayList<>(command);
        argv.set(0, executable.toString());
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("LC_ALL", "C");
        // lvm warns about every inherited descriptor ("File descriptor 7 leaked"); a JVM has many
        builder.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NodeException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        // both pipes drain on their own threads: a chatty stderr must not block the child while we read stdout
        CompletableFuture<String> stdout = drain(process.getInputStream(), name + "-stdout");
        CompletableFuture<String> stderr = drain(process.getErrorStream(), name + "-stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new NodeException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            return new CommandResult(command, process.exitValue(), stdout.get(5, TimeUnit.SECONDS),
                    stderr.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NodeException(String.join(" ", command) + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NodeException("cannot read the output of " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in, String threadName) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                result.complete(buffer.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "dlvm-command-" + threadName);
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
