package org.dlvm.shell;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SizesTest {
    @Test
    public void bytesBelowOneKibAreWholeBytes() {
        assertEquals("0 B", Sizes.human(0));
        assertEquals("1 B", Sizes.human(1));
        assertEquals("1023 B", Sizes.human(1023));
    }

    @Test
    public void largerSizesUseBinaryUnitsWithOneDecimal() {
        assertEquals("1.0 KiB", Sizes.human(1024));
        assertEquals("1.5 KiB", Sizes.human(1536));
        assertEquals("100.0 GiB", Sizes.human(107374182400L));
        assertEquals("2.0 TiB", Sizes.human(2L << 40));
        assertEquals("8.0 EiB", Sizes.human(Long.MAX_VALUE));
    }

    @Test
    public void valuesThatWouldRoundTo1024MoveToTheNextUnit() {
        assertEquals("1.0 MiB", Sizes.human(1024L * 1024 - 1));
        assertEquals("1023.9 KiB", Sizes.human(1024L * 1023 + 920));
    }

    @Test
    public void unknownSizesPrintAsDash() {
        assertEquals("-", Sizes.human(-1));
    }
}
