package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlvm.node.linux.KernelNames.Group;
import org.junit.Test;

public class KernelNamesTest {
    @Test
    public void dpvNamesOfALeg() {
        assertEquals("dlvm-leg-7", KernelNames.legVolume("leg-7"));
        assertEquals("dlvm-leg-7+l1", KernelNames.legSwapLinear("leg-7"));
        assertEquals("dlvm-leg-7+l2", KernelNames.legExportLinear("leg-7"));
        assertEquals("iqn.2026-11.org.dlvm:leg.leg-7", KernelNames.legTargetIqn("leg-7"));
        assertEquals("dlvm-leg-7", KernelNames.legBackstore("leg-7"));
    }

    @Test
    public void legIdsOutsideTheControllersPatternAreRefused() {
        String tooLong = "a".repeat(64);
        for (String bad : new String[] {null, "", "Leg", "-a", "a_b", "a/b", "a b", "a+b", "a.b", tooLong}) {
            try {
                KernelNames.legVolume(bad);
                fail("accepted leg id '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("invalid leg id"));
            }
        }
        assertEquals("dlvm-" + "a".repeat(63), KernelNames.legVolume("a".repeat(63)));
    }

    @Test
    public void ihostNamesOfAStripeMember() {
        assertEquals("dlvm-db1", KernelNames.userDevice("db1"));
        assertEquals("dlvm-db1+s0-meta0", KernelNames.mirror("db1", 0, Group.META, 0));
        assertEquals("dlvm-db1+s3-data2", KernelNames.mirror("db1", 3, Group.DATA, 2));
        assertEquals("dlvm-db1+s3-data2-rm1", KernelNames.raidMetaPart("db1", 3, Group.DATA, 2, 1));
        assertEquals("dlvm-db1+s3-data2-rd1", KernelNames.raidDataPart("db1", 3, Group.DATA, 2, 1));
        assertEquals("dlvm-db1+s0-meta0-rm0", KernelNames.raidMetaPart("db1", 0, Group.META, 0, 0));
        assertEquals("dlvm-db1+s1-pmeta", KernelNames.poolMetadata("db1", 1));
        assertEquals("dlvm-db1+s1-pdata", KernelNames.poolData("db1", 1));
        assertEquals("dlvm-db1+s1-pool", KernelNames.pool("db1", 1));
        assertEquals("dlvm-db1+s1-thin", KernelNames.thin("db1", 1));
        assertEquals("/dev/mapper/dlvm-db1", KernelNames.devicePath(KernelNames.userDevice("db1")));
    }

    @Test
    public void everyCharacterTheApiAllowsIsKept() {
        assertEquals("dlvm-Vol_1.a:b-c", KernelNames.userDevice("Vol_1.a:b-c"));
        assertEquals("dlvm-Vol_1.a:b-c+s0-pool", KernelNames.pool("Vol_1.a:b-c", 0));
    }

    @Test
    public void dlvNamesOutsideTheApiPatternAreRefused() {
        for (String bad : new String[] {null, "", "-x", ".x", "a/b", "a b", "a+b", "a\nb", "é", "a".repeat(129)}) {
            try {
                KernelNames.userDevice(bad);
                fail("accepted dlv name '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("invalid dlv name"));
            }
        }
    }

    @Test
    public void aDlvNamedLikeAnotherDlvsLayerGetsADifferentDevice() {
        // with '-' after the dlv, "x-s0-pool"'s device would be dlv x's pool
        List<String> layersOfX = allNames("x");
        for (String other : new String[] {"x-s0-pool", "x-s0-thin", "x-s0-data0", "x-s0-data0-rd1", "x-s1-pmeta"}) {
            assertFalse(other, layersOfX.contains(KernelNames.userDevice(other)));
            assertFalse(other, KernelNames.belongsToDlv(KernelNames.userDevice(other), "x"));
        }
    }

    @Test
    public void aDlvNamedLikeALegsLinearGetsADifferentDevice() {
        // on an all-in-one node a dpv's linears and an ihost's devices share one dm namespace
        assertNotEquals(KernelNames.userDevice("l1-abc"), KernelNames.legSwapLinear("abc"));
        assertNotEquals(KernelNames.userDevice("l2-abc"), KernelNames.legExportLinear("abc"));
        assertNotEquals(KernelNames.userDevice("abc+l1".replace('+', '-')), KernelNames.legSwapLinear("abc"));
        assertFalse(allNames("abc").contains(KernelNames.legSwapLinear("abc")));
    }

    @Test
    public void aDlvNameUpTo101CharactersIsKeptWhole() {
        String dlv = "a".repeat(101);
        assertEquals(dlv, KernelNames.dlvPart(dlv));
        String longest = KernelNames.raidDataPart(dlv, 9999, Group.DATA, 9999, 99);
        assertEquals("dlvm-" + dlv + "+s9999-data9999-rd99", longest);
        assertEquals(126, longest.length());
    }

    @Test
    public void aLongerDlvNameIsShortenedTheSameWayInAllItsNames() {
        String dlv = "a".repeat(102);
        String part = "a".repeat(91) + "-f2183711cf";
        assertEquals(part, KernelNames.dlvPart(dlv));
        assertEquals(102, part.length());
        assertEquals("dlvm-" + part, KernelNames.userDevice(dlv));
        assertEquals("dlvm-" + part + "+s0-pool", KernelNames.pool(dlv, 0));
        String longest = KernelNames.raidMetaPart(dlv, 9999, Group.META, 9999, 99);
        assertEquals(127, longest.length());
        for (String name : allNames(dlv)) {
            assertTrue(name, name.length() <= KernelNames.MAX_DM_NAME_BYTES);
            assertTrue(name, KernelNames.belongsToDlv(name, dlv));
            assertTrue(name, KernelNames.isDlvmName(name));
        }
    }

    @Test
    public void longNamesWithTheSamePrefixStayApart() {
        String first = "v".repeat(91) + "-tail-of-a-very-long-name-x";
        String second = "v".repeat(91) + "-tail-of-a-very-long-name-y";
        assertEquals("v".repeat(91) + "-b32232eda6", KernelNames.dlvPart(first));
        assertNotEquals(KernelNames.dlvPart(first), KernelNames.dlvPart(second));
        assertEquals(KernelNames.dlvPart(first), KernelNames.dlvPart(first));
    }

    @Test
    public void theLongestApiNameStillFits() {
        String dlv = "Z".repeat(128);
        assertEquals(102, KernelNames.dlvPart(dlv).length());
        assertTrue(KernelNames.raidDataPart(dlv, 9999, Group.DATA, 9999, 99).length() <= 127);
    }

    @Test
    public void indexesBeyondTheNameBudgetAreRefused() {
        expectIllegal(() -> KernelNames.pool("db1", -1));
        expectIllegal(() -> KernelNames.pool("db1", 10_000));
        expectIllegal(() -> KernelNames.mirror("db1", 0, Group.DATA, 10_000));
        expectIllegal(() -> KernelNames.raidMetaPart("db1", 0, Group.DATA, 0, 100));
        expectIllegal(() -> KernelNames.raidDataPart("db1", 0, Group.DATA, 0, -1));
    }

    @Test
    public void onlyNamesDlvmMakesAreDlvmNames() {
        for (String name : allNames("db1")) {
            assertTrue(name, KernelNames.isDlvmName(name));
        }
        assertTrue(KernelNames.isDlvmName(KernelNames.legVolume("leg-1")));
        assertTrue(KernelNames.isDlvmName(KernelNames.legSwapLinear("leg-1")));
        assertTrue(KernelNames.isDlvmName(KernelNames.legExportLinear("leg-1")));
        for (String other : new String[] {null, "", "dlvm", "dlvm-", "dlvmx-a", "DLVM-a", "vg0-root", "dlvm_vg",
                "docker-8:1-123-pool", "dlvm-a/b", "dlvm-a b", "dlvm--a", "dlvm-+l1", "dlvm-a+L1", "dlvm-a+l1+l2",
                "dlvm-" + "a".repeat(123)}) {
            assertFalse(String.valueOf(other), KernelNames.isDlvmName(other));
        }
    }

    @Test
    public void belongingToADlvIsItsDeviceAndTheLayersBeneath() {
        assertTrue(KernelNames.belongsToDlv("dlvm-db1", "db1"));
        assertTrue(KernelNames.belongsToDlv("dlvm-db1+s0-thin", "db1"));
        assertFalse(KernelNames.belongsToDlv("dlvm-db10", "db1"));
        assertFalse(KernelNames.belongsToDlv("dlvm-db10+s0-thin", "db1"));
        assertFalse(KernelNames.belongsToDlv("dlvm-db1-s0-thin", "db1"));
        assertFalse(KernelNames.belongsToDlv(null, "db1"));
    }

    @Test
    public void legsAreFoundFromTheirObjectsNames() {
        assertEquals(Optional.of("leg-1"), KernelNames.legOfVolume("dlvm-leg-1"));
        assertEquals(Optional.empty(), KernelNames.legOfVolume("root"));
        assertEquals(Optional.empty(), KernelNames.legOfVolume("dlvm-Leg"));
        assertEquals(Optional.of("leg-1"), KernelNames.legOfBackstore("dlvm-leg-1"));
        assertEquals(Optional.of("leg-1"), KernelNames.legOfTargetIqn("iqn.2026-11.org.dlvm:leg.leg-1"));
        assertEquals(Optional.empty(), KernelNames.legOfTargetIqn("iqn.2003-01.org.linux-iscsi.host:sn.1234"));
        assertEquals(Optional.of("leg-1"), KernelNames.legOfLinear("dlvm-leg-1+l1"));
        assertEquals(Optional.of("leg-1"), KernelNames.legOfLinear("dlvm-leg-1+l2"));
        assertEquals(Optional.empty(), KernelNames.legOfLinear("dlvm-leg-1+l3"));
        assertEquals(Optional.empty(), KernelNames.legOfLinear("dlvm-leg-1"));
        assertEquals(Optional.empty(), KernelNames.legOfLinear("dlvm-db1+s0-l1"));
    }

    @Test
    public void aDevicePathNeedsAPlainName() {
        expectIllegal(() -> KernelNames.devicePath("a/b"));
        expectIllegal(() -> KernelNames.devicePath(""));
    }

    private static List<String> allNames(String dlv) {
        List<String> names = new ArrayList<>(List.of(KernelNames.userDevice(dlv)));
        for (int member = 0; member < 2; member++) {
            names.add(KernelNames.poolMetadata(dlv, member));
            names.add(KernelNames.poolData(dlv, member));
            names.add(KernelNames.pool(dlv, member));
            names.add(KernelNames.thin(dlv, member));
            for (Group group : Group.values()) {
                for (int mirror = 0; mirror < 2; mirror++) {
                    names.add(KernelNames.mirror(dlv, member, group, mirror));
                    for (int leg = 0; leg < 2; leg++) {
                        names.add(KernelNames.raidMetaPart(dlv, member, group, mirror, leg));
                        names.add(KernelNames.raidDataPart(dlv, member, group, mirror, leg));
                    }
                }
            }
        }
        return names;
    }

    static void expectIllegal(Runnable call) {
        try {
            call.run();
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException expected) {
            // the message is checked where it matters
        }
    }

    @Test
    public void onlyTheLayersOfAStackNameTheirDlv() {
        assertEquals(java.util.Optional.of("db1"), KernelNames.stackPartOf("dlvm-db1+s0-thin"));
        assertEquals(java.util.Optional.of("db1"), KernelNames.stackPartOf("dlvm-db1+s12-data3-rd0"));
        // the user device alone could be an LV of a volume group named "dlvm"; a leg linear is a dpv's
        assertEquals(java.util.Optional.empty(), KernelNames.stackPartOf("dlvm-db1"));
        assertEquals(java.util.Optional.empty(), KernelNames.stackPartOf("dlvm-leg-1+l1"));
        assertEquals(java.util.Optional.empty(), KernelNames.stackPartOf("vg0-root"));
        String longName = "v" + "x".repeat(120);
        assertEquals(java.util.Optional.of(KernelNames.dlvPart(longName)),
                KernelNames.stackPartOf(KernelNames.thin(longName, 0)));
        assertTrue(KernelNames.belongsToPart(KernelNames.thin(longName, 0), KernelNames.dlvPart(longName)));
    }
}
