package org.dlvm.node.linux;

import static org.dlvm.node.linux.KernelNamesTest.expectIllegal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IscsiNamesTest {
    @Test
    public void initiatorNamesAsDistributionsGenerateThem() {
        assertTrue(IscsiNames.isValidName("iqn.1993-08.org.debian:01:5b4a3c2d1e0f"));
        assertTrue(IscsiNames.isValidName("iqn.1994-05.com.redhat:8c7e6f5a4b3"));
        assertTrue(IscsiNames.isValidName("iqn.2026-11.org.dlvm:leg.leg-1"));
        assertTrue(IscsiNames.isValidName("iqn.2026-11.org.dlvm"));
        assertTrue(IscsiNames.isValidName("eui.02004567A425678D"));
        assertTrue(IscsiNames.isValidName("naa.52004567BA64678D"));
    }

    @Test
    public void namesThatAreNotIscsiNamesAreRefused() {
        for (String bad : new String[] {null, "", "-iqn", "iqn.26-11.org.dlvm", "iqn.2026-11.org/dlvm",
                "iqn.2026-11.org.dlvm:a b", "iqn.2026-11.org.dlvm:a/b", "eui.123", "iqn.2026-11." + "a".repeat(220)}) {
            assertFalse(String.valueOf(bad), IscsiNames.isValidName(bad));
        }
        expectIllegal(() -> IscsiNames.checkName("x"));
    }

    @Test
    public void portalsBracketIpv6() {
        assertEquals("10.77.0.11:3260", IscsiNames.portal("10.77.0.11", 3260));
        assertEquals("[fd00::11]:3260", IscsiNames.portal("fd00::11", 3260));
        assertTrue(IscsiNames.isValidPortal("10.77.0.11:3260"));
        assertTrue(IscsiNames.isValidPortal("[fd00::11]:3260"));
        assertTrue(IscsiNames.isValidPortal("0.0.0.0:3260"));
    }

    @Test
    public void portalsAreLiteralAddressesAndRealPorts() {
        expectIllegal(() -> IscsiNames.portal("256.0.0.1", 3260));
        expectIllegal(() -> IscsiNames.portal("dpv1.example", 3260));
        expectIllegal(() -> IscsiNames.portal("fe80::1%eth0", 3260));
        expectIllegal(() -> IscsiNames.portal("10.0.0.1", 65536));
        for (String bad : new String[] {null, "10.0.0.1", "10.0.0.1:", ":3260", "fd00::11:3260", "[10.0.0.1]:3260",
                "10.0.0.1:70000", "10.0.0.1:0", "../x:1", "10.0.0.1:32a"}) {
            assertFalse(String.valueOf(bad), IscsiNames.isValidPortal(bad));
        }
    }
}
