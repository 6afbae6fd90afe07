package org.dlvm.node.linux;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlvm.node.CopyCancelledException;
import org.dlvm.node.CopyProgress;
import org.dlvm.node.NodeException;
import org.dlvm.node.linux.CopyPlan.Range;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BlockCopierTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Long> reported = new ArrayList<>();

    private CopyProgress progress(int cancelAfterReports) {
        return new CopyProgress() {
            @Override
            public void copied(long copiedBytes, long totalBytes) {
                reported.add(copiedBytes);
            }

            @Override
            public boolean cancelled() {
                return reported.size() > cancelAfterReports;
            }
        };
    }

    @Test
    public void theRangesAndOnlyThemArriveAtTheirPlaces() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        Path source = Files.write(tmp.newFile("source").toPath(), data);
        Path target = Files.write(tmp.newFile("target").toPath(), new byte[6 << 20]);
        // 1.5 MiB from 512 KiB, and 4 KiB at 3 MiB
        CopyPlan plan = new CopyPlan(List.of(new Range(1024, 3072), new Range(6144, 8)), 3080);

        BlockCopier.copy(source, target, plan, progress(Integer.MAX_VALUE));

        byte[] copied = Files.readAllBytes(target);
        for (int i = 0; i < copied.length; i++) {
            boolean inPlan = (i >= 512 << 10 && i < 2 << 20) || (i >= 3 << 20 && i < (3 << 20) + 4096);
            if (copied[i] != (inPlan ? data[i] : 0)) {
                fail("byte " + i + (inPlan ? " was not copied" : " was copied but lies in no range"));
            }
        }
        assertEquals("reported from 0 up to every byte", List.of(0L, 1048576L, 1572864L, 1576960L), reported);
        assertEquals(plan.bytes(), (long) reported.get(reported.size() - 1));
    }

    @Test
    public void aCancelledCopyStopsBetweenPieces() throws Exception {
        Path source = Files.write(tmp.newFile("source").toPath(), new byte[4 << 20]);
        Path target = Files.write(tmp.newFile("target").toPath(), new byte[4 << 20]);
        try {
            BlockCopier.copy(source, target, new CopyPlan(List.of(new Range(0, 8192)), 8192), progress(1));
            fail("not cancelled");
        } catch (CopyCancelledException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cancelled after 1048576 of 4194304 bytes"));
        }
    }

    @Test
    public void aSourceShorterThanItsPlanIsAFailureNamingIt() throws Exception {
        Path source = Files.write(tmp.newFile("source").toPath(), new byte[4096]);
        Path target = Files.write(tmp.newFile("target").toPath(), new byte[1 << 20]);
        try {
            BlockCopier.copy(source, target, new CopyPlan(List.of(new Range(0, 16)), 16), progress(Integer.MAX_VALUE));
            fail("copied past the source's end");
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ends at byte 4096"));
        }
        assertArrayEquals(new byte[1 << 20], Files.readAllBytes(target));
    }
}
