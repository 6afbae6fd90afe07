package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Assume;
import org.junit.Test;

/**
 * The data path on real kernels: runs {@code lab/smoke.sh} (2 dpv guests and 1 ihost guest under QEMU; LVs exported
 * through LIO, logged in with open-iscsi, dm-raid raid1, thin pool, fio with verify, full teardown) and checks its
 * verdict. Runs only with {@code -Plab}: it needs root, QEMU and Debian's kernel, and takes minutes.
 */
public class LabSmokeIT {

    private static final String BEGIN = "=== TEARDOWN LISTING BEGIN";
    private static final String END = "=== TEARDOWN LISTING END";

    @Test
    public void dataPathWorksInTheKernelLab() throws Exception {
        // A second guard besides the profile's include: -Dit.test=LabSmokeIT bypasses the excludes.
        Assume.assumeTrue("the kernel lab runs with -Plab only", Boolean.getBoolean("dlvm.lab.enabled"));
        Path script = Paths.get(System.getProperty("dlvm.lab.smoke", "../lab/smoke.sh")).toAbsolutePath().normalize();
        Path log = Paths.get(System.getProperty("dlvm.lab.log", "target/lab-smoke.log")).toAbsolutePath().normalize();
        Path workdir = Paths.get(System.getProperty("dlvm.lab.workdir", "target/lab-smoke")).toAbsolutePath().normalize();
        long timeout = Long.getLong("dlvm.lab.timeoutSeconds", 1200);
        assertTrue("no smoke script at " + script, Files.isRegularFile(script));
        Files.createDirectories(log.getParent());

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DLVM_SMOKE_WORKDIR", workdir.toString());
        long started = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
            stop(process);
            fail("lab smoke did not finish within " + timeout + " s; log " + log + "\n" + tail(log, 60));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("lab smoke: exit %d after %.1f s, log %s%n", process.exitValue(), seconds, log);
        out.lines().filter(l -> l.startsWith("BOOT_TO_READY") || l.startsWith("TIME ") || l.startsWith("SMOKE_"))
                .forEach(l -> System.out.println("  " + l));

        assertEquals("lab/smoke.sh exit code; log " + log + "\n" + tail(log, 60), 0, process.exitValue());
        assertTrue("no SMOKE_OK marker; log " + log, out.lines().anyMatch(l -> l.startsWith("SMOKE_OK")));
        assertEquals("boot-to-ready times of 3 guests", 3, out.lines().filter(l -> l.startsWith("BOOT_TO_READY")).count());

        int b = out.indexOf(BEGIN);
        int e = out.indexOf(END);
        assertTrue("no teardown listing in " + log, b >= 0 && e > b);
        List<String> listing = out.substring(b + BEGIN.length(), e).lines()
                .filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertTrue("teardown listing is empty", listing.stream().anyMatch(l -> l.startsWith("--- ")));
        for (String line : listing) {
            if (line.startsWith("--- ")) {
                continue;
            }
            assertFalse("left after teardown: " + line, line.toLowerCase(Locale.ROOT).contains("dlvm"));
        }
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
