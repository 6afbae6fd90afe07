package org.dlvm.itests;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * The data-path benchmark ({@code mvn verify -Plab-bench}, not part of -Plab): {@code lab/volume-lab.sh run bench}
 * brings the volume lab up and runs {@code lab/bench.sh}: fio 4k random writes, queue depth 32, direct I/O, for a fixed
 * time on a dlv and on a raw leg in the same lab, one {@code IOPS dlv=<n> raw=<n> ratio=<r>} line per stripe count.
 */
public class LabBenchIT {
    private static final Pattern IOPS = Pattern.compile("^IOPS dlv=(\\d+) raw=(\\d+) ratio=([0-9.]+)$");

    @Test
    public void fioOnADlvAgainstARawLeg() throws Exception {
        String out = LabScript.run("volume-lab.sh", List.of("run", "bench"), "lab-bench.log",
                Map.of("DLVM_VOLUME_WORKDIR", LabScript.logs().resolve("lab-bench").toString()), "VOLUME_LAB_OK",
                Long.getLong("dlvm.lab.volume.timeoutSeconds", 4200));
        List<String> lines = out.lines().filter(l -> l.startsWith("IOPS ")).collect(Collectors.toList());
        assertTrue("an IOPS line per stripe count (1 and 2): " + lines, lines.size() >= 2);
        for (String line : lines) {
            Matcher m = IOPS.matcher(line);
            assertTrue("not an IOPS line: " + line, m.matches());
            assertTrue("no dlv IOPS: " + line, Long.parseLong(m.group(1)) > 0);
            assertTrue("no raw IOPS: " + line, Long.parseLong(m.group(2)) > 0);
        }
    }
}
