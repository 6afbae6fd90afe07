package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.dlvm.node.linux.KernelNamesTest.expectIllegal;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dlvm.node.linux.Sizes.ByteRange;
import org.junit.Test;

public class SizesTest {
    @Test
    public void sectorsAreWhole512ByteUnits() {
        assertEquals(2097152, Sizes.sectors(Sizes.GIB));
        assertEquals(0, Sizes.sectors(0));
        assertEquals(Sizes.GIB, Sizes.bytes(2097152));
        expectMessage("1000 bytes is not a whole number of 512-byte sectors", () -> Sizes.sectors(1000));
        expectIllegal(() -> Sizes.sectors(-512));
        expectIllegal(() -> Sizes.bytes(-1));
        expectIllegal(() -> Sizes.bytes(Long.MAX_VALUE));
    }

    @Test
    public void legsAreWholeExtents() {
        assertEquals(4 * Sizes.MIB, Sizes.roundUpToExtent(1));
        assertEquals(4 * Sizes.MIB, Sizes.roundUpToExtent(4 * Sizes.MIB));
        assertEquals(0, Sizes.roundUpToExtent(0));
        assertEquals(8 * Sizes.MIB, Sizes.roundUpToExtent(4 * Sizes.MIB + 1));
    }

    @Test
    public void aLegCarriesItsRaidMetadataPartInFront() {
        // REFERENCE §5.2's worked example: a 1 GiB data group has legs of 1 GiB + 4 MiB = 2105344 sectors
        assertEquals(Sizes.GIB + 4 * Sizes.MIB, Sizes.legBytes(Sizes.GIB));
        assertEquals(2105344, Sizes.sectors(Sizes.legBytes(Sizes.GIB)));
        assertEquals(8 * Sizes.MIB, Sizes.legBytes(1));
        assertEquals(2097152, Sizes.raidDataPartSectors(Sizes.GIB + 4 * Sizes.MIB));
        assertEquals(8192, Sizes.raidMetaPartSectors());
        expectMessage("leaves no room", () -> Sizes.raidDataPartSectors(4 * Sizes.MIB));
        expectIllegal(() -> Sizes.legBytes(0));
    }

    @Test
    public void thinMetadataIs48BytesPerBlockAtLeast2MiBInWholeExtents() {
        // 512 blocks of 2 MiB need 24 KiB: the 2 MiB minimum, one extent
        assertEquals(4 * Sizes.MIB, Sizes.thinMetadataBytes(Sizes.GIB, 4096));
        // 16 TiB in 64 KiB blocks: 2^28 blocks × 48 B = 12 GiB
        assertEquals(12 * Sizes.GIB, Sizes.thinMetadataBytes(16L << 40, 128));
        // a partial last block still needs its entry: 1 GiB + 1 sector in 2 MiB blocks is 513 blocks
        assertEquals(4 * Sizes.MIB, Sizes.thinMetadataBytes(Sizes.GIB + 512, 4096));
        // 100 GiB in 64 KiB blocks: 1638400 × 48 = 75 MiB, rounded to 76 MiB
        assertEquals(76 * Sizes.MIB, Sizes.thinMetadataBytes(100 * Sizes.GIB, 128));
        expectIllegal(() -> Sizes.thinMetadataBytes(0, 128));
    }

    @Test
    public void thinMetadataStopsWhereTheKernelStopsUsingIt() {
        assertEquals(17112760320L, Sizes.THIN_METADATA_MAX_BYTES);
        assertEquals(17112760320L, Sizes.thinMetadataBytes(1L << 50, 128));
    }

    @Test
    public void stripedSizesRoundUpToWholeRows() {
        assertEquals(6 * Sizes.MIB, Sizes.roundUpToStripes(5 * Sizes.MIB, 3, 1024));
        assertEquals(3 * Sizes.GIB, Sizes.roundUpToStripes(3 * Sizes.GIB, 2, 1024));
        expectIllegal(() -> Sizes.roundUpToStripes(Sizes.GIB, 0, 1024));
    }

    @Test
    public void newLegsHaveTheirSuperblocksZeroed() {
        assertEquals(List.of(new ByteRange(0, 4096)), Sizes.zeroRangesOfNewLeg(false));
        assertEquals(List.of(new ByteRange(0, 4096), new ByteRange(4 * Sizes.MIB, 4096)), Sizes.zeroRangesOfNewLeg(true));
    }
}
