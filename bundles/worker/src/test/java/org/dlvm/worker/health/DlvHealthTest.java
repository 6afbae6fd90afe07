package org.dlvm.worker.health;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.LegHealth;
import org.dlvm.worker.health.DlvHealth.Leg;
import org.dlvm.worker.health.DlvHealth.Mirror;
import org.dlvm.worker.health.DlvHealth.Verdict;
import org.junit.Test;

public class DlvHealthTest {
    private static final Leg META_A = new Leg("la", 0, "meta", 0, 0, "dpv1");
    private static final Leg META_B = new Leg("lb", 0, "meta", 0, 1, "dpv2");
    private static final Leg DATA_A = new Leg("lc", 0, "data", 0, 0, "dpv2");
    private static final Leg DATA_B = new Leg("ld", 0, "data", 0, 1, "dpv3");
    private static final List<Leg> LEGS = List.of(META_A, META_B, DATA_A, DATA_B);

    private static Map<String, Mirror> report(String meta, String data) {
        return Map.of("s0-meta0", new Mirror(meta, 100, 100, "idle"), "s0-data0", new Mirror(data, 100, 100, "idle"));
    }

    @Test
    public void legsAreWhatDmRaidSaysAtTheirPositionUnlessTheirDpvIsGone() {
        Map<String, Mirror> mirrors = report("AD", "a-");
        assertEquals(LegHealth.in_sync, DlvHealth.legHealth(META_A, mirrors, Map.of()));
        assertEquals(LegHealth.dead, DlvHealth.legHealth(META_B, mirrors, Map.of()));
        assertEquals(LegHealth.syncing, DlvHealth.legHealth(DATA_A, mirrors, Map.of()));
        assertEquals(LegHealth.missing, DlvHealth.legHealth(DATA_B, mirrors, Map.of()));
        assertEquals("the kernel has not noticed yet", LegHealth.unreachable,
                DlvHealth.legHealth(META_A, mirrors, Map.of("dpv1", "no heartbeat")));
        assertEquals(LegHealth.unknown, DlvHealth.legHealth(META_A, Map.of(), Map.of()));
        assertEquals("a position the report lacks", LegHealth.unknown,
                DlvHealth.legHealth(META_B, Map.of("s0-meta0", new Mirror("A", 1, 1, "idle")), Map.of()));
        assertEquals(LegHealth.unknown, DlvHealth.legHealth(META_A, Map.of("s0-meta0", new Mirror("?A", 1, 1, "idle")),
                Map.of()));
    }

    @Test
    public void aDlvIsAttachedOnlyWhileNoLegLacksItsData() {
        assertEquals(new Verdict(DlvStatus.attached, null), DlvHealth.derive(LEGS, report("AA", "AA"), Map.of(), null));
        assertEquals("no report yet changes nothing", new Verdict(DlvStatus.attached, null),
                DlvHealth.derive(LEGS, Map.of(), Map.of(), null));
        assertEquals(new Verdict(DlvStatus.degraded, "leg ld (s0-data0, dpv dpv3) dead"),
                DlvHealth.derive(LEGS, report("AA", "AD"), Map.of(), null));
        assertEquals(new Verdict(DlvStatus.degraded, "leg lb (s0-meta0, dpv dpv2) missing; leg ld (s0-data0, dpv dpv3)"
                + " unreachable: dpv dpv3 is unavailable (no heartbeat from its agent for more than 20 s)"),
                DlvHealth.derive(LEGS, report("A-", "AA"), Map.of("dpv3", "no heartbeat from its agent for more than 20 s"),
                        null));
        assertEquals(new Verdict(DlvStatus.degraded, "leg la (s0-meta0, dpv dpv1) syncing 41.2 %"),
                DlvHealth.derive(LEGS, Map.of("s0-meta0", new Mirror("aA", 4123, 10000, "recover"),
                        "s0-data0", new Mirror("AA", 5, 5, "idle")), Map.of(), null));
        assertEquals(new Verdict(DlvStatus.degraded, "ihost ih1 is unavailable (its agent stopped)"),
                DlvHealth.derive(LEGS, report("AA", "AA"), Map.of(), "ihost ih1 is unavailable (its agent stopped)"));
    }

    @Test
    public void syncProgressIsOneDecimalAndAnIdleMirrorIsDone() {
        assertEquals(41.2, DlvHealth.percent(new Mirror("aA", 41299, 100000, "recover")), 0);
        assertEquals(100.0, DlvHealth.percent(new Mirror("AA", 5, 100, "idle")), 0);
        assertEquals(100.0, DlvHealth.percent(new Mirror("AA", 0, 0, "resync")), 0);
        assertEquals(100.0, DlvHealth.percent(new Mirror("aA", 200, 100, "recover")), 0);
    }

    @Test
    public void onlyServedDlvsAreJudged() {
        assertEquals(true, DlvHealth.isServed("attached"));
        assertEquals(true, DlvHealth.isServed("degraded"));
        for (DlvStatus other : List.of(DlvStatus.attaching, DlvStatus.extending, DlvStatus.detaching, DlvStatus.available,
                DlvStatus.error, DlvStatus.deleting)) {
            assertEquals(other.name(), false, DlvHealth.isServed(other.name()));
        }
    }

    /** A report from before a repair names the old leg at the position: the new one is not in the mirror yet. */
    @Test
    public void aLegTheReportDoesNotNameAtItsPositionIsMissing() {
        Map<String, Mirror> mirrors = Map.of("s0-meta0", new Mirror("AA", 1, 1, "idle", List.of("la", "old")));
        assertEquals(LegHealth.in_sync, DlvHealth.legHealth(META_A, mirrors, Map.of()));
        assertEquals(LegHealth.missing, DlvHealth.legHealth(META_B, mirrors, Map.of()));
        assertEquals(new Verdict(DlvStatus.degraded, "leg lb (s0-meta0, dpv dpv2) missing"), DlvHealth.derive(List.of(
                META_A, META_B), mirrors, Map.of(), null));
        assertEquals(LegHealth.in_sync, DlvHealth.legHealth(META_B, Map.of("s0-meta0", new Mirror("AA", 1, 1, "idle",
                List.of("la", "lb"))), Map.of()));
    }

    /**
     * Replaced: legs whose dpv has been silent since before the window's start, one per mirror,
     * where another leg of the mirror is in sync and none is being rebuilt.
     */
    @Test
    public void legsToReplaceAreThoseOfDpvsGoneLongerThanTheWindowWithASourceToCopyFrom() {
        Map<String, String> gone = Map.of("dpv2", "no heartbeat");
        long since = 1_000;
        assertEquals(List.of(META_B, DATA_A), DlvHealth.toReplace(LEGS, report("AA", "AA"), gone, Map.of("dpv2", 999L),
                since, java.util.Set.of(), l -> false));
        assertEquals("within the window", List.of(), DlvHealth.toReplace(LEGS, report("AA", "AA"), gone,
                Map.of("dpv2", 1_000L), since, java.util.Set.of(), l -> false));
        assertEquals("never seen: no heartbeat to wait for", List.of(META_B, DATA_A), DlvHealth.toReplace(LEGS,
                report("AA", "AA"), gone, Map.of(), since, java.util.Set.of(), l -> false));
        assertEquals("the data mirror's other leg is dead: nothing to copy from", List.of(META_B), DlvHealth.toReplace(
                LEGS, report("AA", "AD"), gone, Map.of(), since, java.util.Set.of(), l -> false));
        assertEquals("the meta mirror rebuilds its other leg already", List.of(DATA_A), DlvHealth.toReplace(LEGS,
                report("AA", "AA"), gone, Map.of(), since, java.util.Set.of("la"), l -> false));
        assertEquals("every dpv available", List.of(), DlvHealth.toReplace(LEGS, report("AD", "AA"), Map.of(), Map.of(),
                since, java.util.Set.of(), l -> false));
        assertEquals("an evacuated dpv's legs move at once, it is available", List.of(META_B, DATA_A), DlvHealth.toReplace(
                LEGS, report("AA", "AA"), Map.of(), Map.of(), since, java.util.Set.of(), l -> l.dpv().equals("dpv2")));
        assertEquals("a leg that fails to rejoin moves, its dpv available", List.of(DATA_A), DlvHealth.toReplace(
                LEGS, report("AA", "DA"), Map.of(), Map.of(), since, java.util.Set.of(), l -> l.equals(DATA_A)));
    }

    @Test
    public void aVeryLongReasonIsCutToItsColumn() {
        assertEquals(2000, DlvHealthUpdates.truncate("x".repeat(5000)).length());
        assertEquals("short", DlvHealthUpdates.truncate("short"));
    }
}
