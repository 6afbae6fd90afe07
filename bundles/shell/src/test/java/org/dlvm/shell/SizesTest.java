package org.dlvm.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.dlvm.api.DlvmException;

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

    @Test
    public void parsesBytesAndBinaryUnits() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(4096, Sizes.parse("4096B"));
        assertEquals(512L << 20, Sizes.parse("512M"));
        assertEquals(10L << 30, Sizes.parse("10G"));
        assertEquals(10L << 30, Sizes.parse("10g"));
        assertEquals(10L << 30, Sizes.parse("10GiB"));
        assertEquals(10L << 30, Sizes.parse(" 10 G "));
        assertEquals(3L << 10, Sizes.parse("3k"));
        assertEquals(2L << 40, Sizes.parse("2T"));
        assertEquals(1L << 50, Sizes.parse("1P"));
        assertEquals(1L << 60, Sizes.parse("1E"));
        assertEquals(0, Sizes.parse("0"));
    }

    @Test
    public void fractionsAreFineWhenTheyMakeWholeBytes() {
        assertEquals(1536L << 30, Sizes.parse("1.5T"));
        assertEquals(1536, Sizes.parse("1.5K"));
        refused("0.3K", "not a whole number of bytes");
        refused("1.5", "not a whole number of bytes");
    }

    @Test
    public void refusesWhatItWouldHaveToGuess() {
        refused("10GB", "not a size");
        refused("10 gb", "not a size");
        refused("-1G", "not a size");
        refused("G", "not a size");
        refused("1,5G", "not a size");
        refused("10X", "not a size");
        refused("", "not a size");
        refused(null, "not a size");
        refused("8E", "larger than 8 EiB");
        refused("99999999999999999999", "larger than 8 EiB");
    }

    private static void refused(String text, String why) {
        try {
            long v = Sizes.parse(text);
            fail(text + " parsed as " + v);
        } catch (DlvmException e) {
            assertEquals("invalid_size", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
    }
}
