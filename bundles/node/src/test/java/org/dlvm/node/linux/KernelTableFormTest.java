package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.dlvm.node.NodeException;
import org.dlvm.node.linux.DmTables.RaidLeg;
import org.dlvm.node.linux.KernelTableForm.Comparison;
import org.junit.Test;

public class KernelTableFormTest {
    private static final Map<String, String> NUMBERS = Map.of("/dev/mapper/a", "254:0", "/dev/mapper/b", "254:1",
            "/dev/mapper/c", "254:2", "/dev/mapper/d", "254:3", "/dev/sdb", "8:16");
    private static final KernelTableForm.DeviceNumbers DEVICES = path -> {
        String number = NUMBERS.get(path);
        if (number == null) {
            throw new NodeException("no block device " + path);
        }
        return number;
    };

    @Test
    public void devicesBecomeNumbersAndNothingElseChanges() throws NodeException {
        assertEquals("0 8192 linear 8:16 0", KernelTableForm.of("0 8192 linear /dev/sdb 0", DEVICES));
        assertEquals("0 16 linear 254:0 0\n16 16 linear 254:1 0",
                KernelTableForm.of(DmTables.concat(List.of(new DmTables.Segment("/dev/mapper/a", 16),
                        new DmTables.Segment("/dev/mapper/b", 16))), DEVICES));
        assertEquals("0 8 linear 8:16 0", KernelTableForm.of("0 8 linear 8:16 0", DEVICES));
        try {
            KernelTableForm.of("0 8 linear /dev/sdz 0", DEVICES);
            fail();
        } catch (NodeException e) {
            assertEquals("no block device /dev/sdz", e.getMessage());
        }
    }

    @Test
    public void dmsetupsTrailingBlanksAndEmptyLinesAreDropped() {
        assertEquals("0 128 thin-pool 254:0 254:1 128 0 0", KernelTableForm.clean("0 128 thin-pool 254:0 254:1 128 0 0 \n"));
        assertEquals("0 8 linear 8:16 0\n8 8 linear 8:32 0", KernelTableForm.clean("0 8 linear 8:16 0\n\n8  8 linear 8:32 0\n"));
    }

    @Test
    public void longerLinesOrMoreSegmentsAreGrowth() throws NodeException {
        assertEquals(Comparison.SAME, KernelTableForm.compare("0 8 thin 254:0 1", "0 8 thin 254:0 1"));
        assertEquals(Comparison.GROWN, KernelTableForm.compare("0 8 thin 254:0 1", "0 16 thin 254:0 1"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare("0 16 thin 254:0 1", "0 8 thin 254:0 1"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare("0 8 thin 254:0 1", "0 16 thin 254:0 2"));
        assertEquals(Comparison.GROWN, KernelTableForm.compare("0 8 linear 254:0 0", "0 8 linear 254:0 0\n8 8 linear 254:1 0"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare("0 8 linear 254:0 0", "0 8 linear 254:2 0\n8 8 linear 254:1 0"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare("0 8 linear 254:0 0\n8 8 linear 254:1 0", "0 8 linear 254:0 0"));
    }

    @Test
    public void aMirrorIsTheSameWhateverItsStartOptionsAndMissingLegs() throws NodeException {
        String live = "0 16384 raid raid1 4 0 nosync region_size 4096 2 254:0 254:1 254:2 254:3";
        assertEquals(Comparison.SAME, KernelTableForm.compare(live,
                "0 16384 raid raid1 4 0 region_size 4096 nosync 2 254:0 254:1 254:2 254:3"));
        assertEquals(Comparison.SAME, KernelTableForm.compare(live, "0 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:2 254:3"));
        assertEquals(Comparison.SAME, KernelTableForm.compare("0 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 - -",
                "0 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:2 254:3"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare(live, "0 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:4 254:3"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare(live, "0 32768 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:2 254:3"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare(live, "0 16384 raid raid1 3 0 region_size 2048 2 254:0 254:1 254:2 254:3"));
        assertEquals(Comparison.DIFFERENT, KernelTableForm.compare(live,
                "0 16384 raid raid1 3 0 region_size 4096 3 254:0 254:1 254:2 254:3 - -"));
    }

    @Test
    public void raid1TablesParseInEitherOptionOrder() throws NodeException {
        DmTables.Raid1Table kernels = DmTables.parseRaid1("0 16384 raid raid1 6 0 nosync rebuild 1 region_size 4096 2 254:0 254:1 - -");
        assertEquals(new DmTables.Raid1Table(16384, 4096, true, List.of(1),
                List.of(new RaidLeg("254:0", "254:1"), RaidLeg.missing())), kernels);
        assertEquals(List.of(1), kernels.missingLegs());
        assertEquals(new DmTables.Raid1Table(16384, 4096, true, List.of(), List.of(new RaidLeg("/a", "/b"), new RaidLeg("/c", "/d"))),
                DmTables.parseRaid1(DmTables.raid1(16384, 4096, List.of(new RaidLeg("/a", "/b"), new RaidLeg("/c", "/d")), true, null)));
        for (String bad : new String[] {"0 8 linear 8:16 0", "0 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:2",
                "0 16384 raid raid1 4 0 write_mostly 1 region_size 2 254:0 254:1 254:2 254:3",
                "0 16384 raid raid1 2 0 region_size", "0 x raid raid1 3 0 region_size 4096 2 a b c d",
                "8 16384 raid raid1 3 0 region_size 4096 2 254:0 254:1 254:2 254:3"}) {
            try {
                DmTables.parseRaid1(bad);
                fail(bad);
            } catch (NodeException e) {
                // expected
            }
        }
    }
}
