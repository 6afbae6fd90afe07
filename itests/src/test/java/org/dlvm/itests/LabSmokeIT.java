package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
        Path workdir = LabScript.logs().resolve("lab-smoke");
        String out = LabScript.run("smoke.sh", "lab-smoke.log", Map.of("DLVM_SMOKE_WORKDIR", workdir.toString()),
                "SMOKE_OK");
        assertEquals("boot-to-ready times of 3 guests", 3, out.lines().filter(l -> l.startsWith("BOOT_TO_READY")).count());

        int b = out.indexOf(BEGIN);
        int e = out.indexOf(END);
        assertTrue("no teardown listing", b >= 0 && e > b);
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
}
