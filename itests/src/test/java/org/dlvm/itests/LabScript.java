package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/** Runs one of lab/'s scripts (root, QEMU, Debian's kernel; minutes) and checks its verdict line. */
final class LabScript {
    /** Lines of a script's output worth seeing in the test's own output: timings and verdicts. */
    private static final List<String> SUMMARY_PREFIXES = List.of("BOOT_TO_READY", "TIME ", "AGENT_AVAILABLE",
            "VOLUME_", "BENCH", "IOPS ");

    private LabScript() {
    }

    static Path logs() {
        return Paths.get(System.getProperty("dlvm.lab.logs", "target")).toAbsolutePath().normalize();
    }

    /** The script's whole output, after asserting exit 0 and a line starting with {@code okMarker}. */
    static String run(String script, String logName, Map<String, String> env, String okMarker) throws Exception {
        return run(script, List.of(), logName, env, okMarker, Long.getLong("dlvm.lab.timeoutSeconds", 1200));
    }

    static String run(String script, List<String> args, String logName, Map<String, String> env, String okMarker,
            long timeoutSeconds) throws Exception {
        // A second guard besides the profile's include: -Dit.test=... bypasses the excludes.
        Assume.assumeTrue("the kernel lab runs with -Plab only", Boolean.getBoolean("dlvm.lab.enabled"));
        Path path = Paths.get(System.getProperty("dlvm.lab.scripts", "../lab")).resolve(script).toAbsolutePath().normalize();
        Path log = logs().resolve(logName);
        assertTrue("no lab script at " + path, Files.isRegularFile(path));
        Files.createDirectories(log.getParent());

        List<String> command = new ArrayList<>(List.of("bash", path.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            stop(process);
            fail(script + " did not finish within " + timeoutSeconds + " s; log " + log + "\n" + tail(log, 60));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("%s %s: exit %d after %.1f s, log %s%n", script, String.join(" ", args), process.exitValue(),
                seconds, log);
        out.lines().filter(l -> l.startsWith(okMarker) || SUMMARY_PREFIXES.stream().anyMatch(l::startsWith))
                .forEach(l -> System.out.println("  " + l));
        assertEquals(script + " exit code; log " + log + "\n" + tail(log, 60), 0, process.exitValue());
        assertTrue("no " + okMarker + " marker; log " + log, out.lines().anyMatch(l -> l.startsWith(okMarker)));
        return out;
    }

    /**
     * SIGTERM first, children before the script: the script's trap then tears the lab down (guests, namespace) at
     * once instead of after its current lab.sh call. The guests' QEMUs are not the script's descendants
     * (daemonized): lab.sh down stops them.
     */
    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
