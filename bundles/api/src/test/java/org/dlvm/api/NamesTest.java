package org.dlvm.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class NamesTest {
    @Test
    public void acceptsCinderStyleNames() {
        assertTrue(Names.isValid("volume-3f2a9c1e-0b7d-4c1e-9a55-7d3b2c1a0f00"));
        assertTrue(Names.isValid("dpv1.rack2:a_b"));
        assertTrue(Names.isValid("a".repeat(128)));
    }

    @Test
    public void refusesWhatWouldBreakKernelNames() {
        for (String bad : new String[] {"", "-x", "_x", "a b", "a/b", "a;rm", "ä", "a".repeat(129), ".hidden"}) {
            assertFalse(bad, Names.isValid(bad));
        }
        assertFalse(Names.isValid(null));
    }

    @Test
    public void requireNamesTheFieldAndTheRule() {
        try {
            Names.require("name", "bad name");
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.INVALID, e.kind());
            assertEquals("invalid_name", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("'name'"));
        }
        try {
            Names.require("dpv", null);
            fail();
        } catch (DlvmException e) {
            assertEquals("missing_field", e.code());
        }
    }

    @Test
    public void iqns() {
        assertTrue(Names.isValidIqn("iqn.2026-11.org.dlvm:ihost1"));
        assertTrue(Names.isValidIqn("iqn.1993-08.org.debian:01:abcdef12345"));
        assertFalse(Names.isValidIqn("IQN.2026-11.org.dlvm:x"));
        assertFalse(Names.isValidIqn("iqn.26-11.org:x"));
        assertFalse(Names.isValidIqn("eui.02004567A425678D"));
        assertFalse(Names.isValidIqn("iqn.2026-11.org.dlvm:" + "a".repeat(220)));
    }

    @Test
    public void addresses() {
        assertEquals("10.0.0.7", Names.requireAddress("address", "10.0.0.7"));
        assertEquals("dpv1.example.org", Names.requireAddress("address", "dpv1.example.org"));
        assertEquals("[fd00::1]", Names.requireAddress("address", "[fd00::1]"));
        for (String bad : new String[] {"", "a b", "x;y", "-x"}) {
            try {
                Names.requireAddress("address", bad);
                fail(bad);
            } catch (DlvmException e) {
                assertEquals("invalid_address", e.code());
            }
        }
    }
}
