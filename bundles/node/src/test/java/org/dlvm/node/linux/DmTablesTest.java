package org.dlvm.node.linux;

import static org.dlvm.node.linux.KernelNamesTest.expectIllegal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.dlvm.node.linux.DmTables.RaidLeg;
import org.dlvm.node.linux.DmTables.Segment;
import org.junit.Test;

public class DmTablesTest {
    private static final String M0 = "/dev/mapper/dlvm-db1+s0-data0-rm0";
    private static final String D0 = "/dev/mapper/dlvm-db1+s0-data0-rd0";
    private static final String M1 = "/dev/mapper/dlvm-db1+s0-data0-rm1";
    private static final String D1 = "/dev/mapper/dlvm-db1+s0-data0-rd1";

    @Test
    public void linearMapsARangeOfOneDevice() {
        assertEquals("0 8192 linear /dev/sda 0", DmTables.linear(8192, "/dev/sda", 0));
        assertEquals("0 2097152 linear /dev/sda 8192", DmTables.linear(2097152, "/dev/sda", 8192));
        assertEquals("0 8 linear 8:16 0", DmTables.linear(8, "8:16", 0));
    }

    @Test
    public void linearRefusesBadNumbersAndDevices() {
        expectIllegal(() -> DmTables.linear(0, "/dev/sda", 0));
        expectIllegal(() -> DmTables.linear(8, "/dev/sda", -1));
        expectIllegal(() -> DmTables.linear(8, "sda", 0));
        expectIllegal(() -> DmTables.linear(8, "/dev/my disk", 0));
        expectIllegal(() -> DmTables.linear(8, "/dev/sda\n0 8 zero", 0));
        expectIllegal(() -> DmTables.linear(8, null, 0));
    }

    @Test
    public void concatenationStartsEachSegmentWhereThePreviousEnds() {
        assertEquals("0 2097152 linear /dev/mapper/a 0\n"
                + "2097152 4194304 linear /dev/mapper/b 0\n"
                + "6291456 8192 linear /dev/mapper/c 0",
                DmTables.concat(List.of(new Segment("/dev/mapper/a", 2097152), new Segment("/dev/mapper/b", 4194304),
                        new Segment("/dev/mapper/c", 8192))));
        assertEquals("0 8 linear /dev/mapper/a 0", DmTables.concat(List.of(new Segment("/dev/mapper/a", 8))));
    }

    @Test
    public void concatenationRefusesEmptyOrZeroLengthSegments() {
        expectIllegal(() -> DmTables.concat(List.of()));
        expectIllegal(() -> DmTables.concat(null));
        expectIllegal(() -> DmTables.concat(List.of(new Segment("/dev/mapper/a", 8), new Segment("/dev/mapper/b", 0))));
    }

    @Test
    public void stripedListsEachDeviceAtOffsetZero() {
        assertEquals("0 6291456 striped 2 1024 /dev/mapper/dlvm-db1+s0-thin 0 /dev/mapper/dlvm-db1+s1-thin 0",
                DmTables.striped(6291456, 1024, List.of("/dev/mapper/dlvm-db1+s0-thin", "/dev/mapper/dlvm-db1+s1-thin")));
        assertEquals("0 2097152 striped 1 4096 /dev/mapper/x 0", DmTables.striped(2097152, 4096, List.of("/dev/mapper/x")));
    }

    @Test
    public void stripedLengthMustBeAWholeNumberOfStripeRows() {
        try {
            DmTables.striped(6291456 + 1024, 1024, List.of("/dev/mapper/a", "/dev/mapper/b"));
            fail("accepted a length that is not a multiple of stripes × chunk");
        } catch (IllegalArgumentException expected) {
            assertEquals("striped length 6292480 is not a multiple of 2 stripes × 1024 sectors = 2048",
                    expected.getMessage());
        }
        expectIllegal(() -> DmTables.striped(8192, 0, List.of("/dev/mapper/a")));
        expectIllegal(() -> DmTables.striped(8192, 7, List.of("/dev/mapper/a")));
        expectIllegal(() -> DmTables.striped(8192, 8, List.of()));
        expectIllegal(() -> DmTables.striped(8192, 8, null));
    }

    @Test
    public void aNewMirrorIsCreatedInSyncWithNosync() {
        // the table LAB.md checked on a real kernel
        assertEquals("0 2097152 raid raid1 4 0 region_size 4096 nosync 2 " + M0 + " " + D0 + " " + M1 + " " + D1,
                DmTables.raid1(2097152, 4096, List.of(new RaidLeg(M0, D0), new RaidLeg(M1, D1)), true, null));
    }

    @Test
    public void aReplacedLegIsRebuilt() {
        assertEquals("0 2097152 raid raid1 5 0 region_size 4096 rebuild 1 2 " + M0 + " " + D0 + " " + M1 + " " + D1,
                DmTables.raid1(2097152, 4096, List.of(new RaidLeg(M0, D0), new RaidLeg(M1, D1)), false, 1));
    }

    @Test
    public void anExistingMirrorIsAssembledWithoutOptions() {
        assertEquals("0 2097152 raid raid1 3 0 region_size 4096 2 " + M0 + " " + D0 + " " + M1 + " " + D1,
                DmTables.raid1(2097152, 4096, List.of(new RaidLeg(M0, D0), new RaidLeg(M1, D1)), false, null));
    }

    @Test
    public void aMissingLegIsADash() {
        assertEquals("0 2097152 raid raid1 3 0 region_size 4096 2 " + M0 + " " + D0 + " - -",
                DmTables.raid1(2097152, 4096, List.of(new RaidLeg(M0, D0), RaidLeg.missing()), false, null));
        assertEquals("0 2097152 raid raid1 3 0 region_size 4096 3 - - " + M0 + " " + D0 + " " + M1 + " " + D1,
                DmTables.raid1(2097152, 4096, List.of(RaidLeg.missing(), new RaidLeg(M0, D0), new RaidLeg(M1, D1)), false,
                        null));
    }

    @Test
    public void raid1RefusesWhatTheKernelWouldRefuse() {
        List<RaidLeg> two = List.of(new RaidLeg(M0, D0), new RaidLeg(M1, D1));
        expectMessage("raid1 with both nosync and rebuild", () -> DmTables.raid1(2097152, 4096, two, true, 1));
        expectMessage("raid1 rebuild index 2 out of range", () -> DmTables.raid1(2097152, 4096, two, false, 2));
        expectMessage("names a missing leg", () -> DmTables.raid1(2097152, 4096,
                List.of(new RaidLeg(M0, D0), RaidLeg.missing()), false, 1));
        expectMessage("every leg missing", () -> DmTables.raid1(2097152, 4096,
                List.of(RaidLeg.missing(), RaidLeg.missing()), false, null));
        expectMessage("only one of its metadata and data parts", () -> DmTables.raid1(2097152, 4096,
                List.of(new RaidLeg(M0, D0), new RaidLeg(M1, null)), false, null));
        expectMessage("only one of its metadata and data parts", () -> DmTables.raid1(2097152, 4096,
                List.of(new RaidLeg(M0, D0), new RaidLeg(null, D1)), false, null));
        expectMessage("needs 2 to 253 legs, got 1", () -> DmTables.raid1(2097152, 4096,
                List.of(new RaidLeg(M0, D0)), false, null));
        expectMessage("must be a power of 2", () -> DmTables.raid1(2097152, 3000, two, false, null));
        expectMessage("must be a power of 2", () -> DmTables.raid1(2097152, 0, two, false, null));
        expectMessage("exceeds the length", () -> DmTables.raid1(2048, 4096, two, false, null));
        // 2^32 sectors (2 TiB) need regions of at least 2^11 sectors: the bitmap has at most 2^21 of them
        expectMessage("below the minimum 2048", () -> DmTables.raid1(1L << 32, 1024, two, false, null));
        assertTrue(DmTables.raid1(1L << 32, 2048, two, false, null).startsWith("0 4294967296 raid raid1 3 0 region_size 2048"));
        expectMessage("leg 1 is null", () -> DmTables.raid1(2097152, 4096, Arrays.asList(new RaidLeg(M0, D0), null),
                false, null));
        expectMessage("invalid device", () -> DmTables.raid1(2097152, 4096,
                List.of(new RaidLeg(M0, D0), new RaidLeg("-", "-")), false, null));
    }

    @Test
    public void thinPoolAlwaysWritesItsFeatureCount() {
        assertEquals("0 2097152 thin-pool /dev/mapper/dlvm-db1+s0-pmeta /dev/mapper/dlvm-db1+s0-pdata 4096 100 0",
                DmTables.thinPool(2097152, "/dev/mapper/dlvm-db1+s0-pmeta", "/dev/mapper/dlvm-db1+s0-pdata", 4096, 100,
                        false, false));
        assertEquals("0 2097152 thin-pool /dev/mapper/m /dev/mapper/d 128 0 1 skip_block_zeroing",
                DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 128, 0, true, false));
        assertEquals("0 2097152 thin-pool /dev/mapper/m /dev/mapper/d 128 10 1 error_if_no_space",
                DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 128, 10, false, true));
        assertEquals("0 2097152 thin-pool /dev/mapper/m /dev/mapper/d 2097152 1 2 skip_block_zeroing error_if_no_space",
                DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 2097152, 1, true, true));
    }

    @Test
    public void thinPoolBlockSizeIsAMultipleOf64KiBUpTo1GiB() {
        expectMessage("must be a multiple of 128 (64 KiB) between 128 and 2097152",
                () -> DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 64, 0, false, false));
        expectIllegal(() -> DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 192, 0, false, false));
        expectIllegal(() -> DmTables.thinPool(2097152 * 2, "/dev/mapper/m", "/dev/mapper/d", 2097152 + 128, 0, false,
                false));
        expectIllegal(() -> DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 0, 0, false, false));
    }

    @Test
    public void thinPoolRefusesAnUnusableTailAndANegativeWaterMark() {
        expectMessage("not a multiple of the block size 4096",
                () -> DmTables.thinPool(2097152 + 128, "/dev/mapper/m", "/dev/mapper/d", 4096, 0, false, false));
        expectIllegal(() -> DmTables.thinPool(2097152, "/dev/mapper/m", "/dev/mapper/d", 4096, -1, false, false));
        expectIllegal(() -> DmTables.thinPool(2097152, "/dev/mapper/m", "relative", 4096, 0, false, false));
    }

    @Test
    public void thinNamesItsPoolAndId() {
        assertEquals("0 6291456 thin /dev/mapper/dlvm-db1+s0-pool 0", DmTables.thin(6291456, "/dev/mapper/dlvm-db1+s0-pool", 0));
        assertEquals("0 8 thin /dev/mapper/p 16777215", DmTables.thin(8, "/dev/mapper/p", 16777215));
        expectMessage("thin id 16777216 out of range [0, 16777215]", () -> DmTables.thin(8, "/dev/mapper/p", 1 << 24));
        expectIllegal(() -> DmTables.thin(8, "/dev/mapper/p", -1));
    }

    @Test
    public void errorTableFailsEveryIo() {
        assertEquals("0 2097152 error", DmTables.error(2097152));
        expectIllegal(() -> DmTables.error(0));
    }

    static void expectMessage(String part, Runnable call) {
        try {
            call.run();
            fail("expected IllegalArgumentException containing '" + part + "'");
        } catch (IllegalArgumentException expected) {
            assertTrue("'" + expected.getMessage() + "' should contain '" + part + "'", expected.getMessage().contains(part));
        }
    }
}
