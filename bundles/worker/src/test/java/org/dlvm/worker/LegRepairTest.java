package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dlvm.api.Dlv;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.store.LegEntity;
import org.dlvm.store.RetiredLegEntity;
import org.junit.Before;
import org.junit.Test;

/**
 * A dpv that stays away longer than {@code repair_after_seconds} (300 s in the fixtures) has each
 * leg it holds of a served dlv replaced on another dpv, rebuilt online on the simulated ihost,
 * and deleted from it when it comes back; one that comes back sooner keeps its legs. The
 * fixtures allow one repair per dpv at a time.
 */
public class LegRepairTest {
    private static final long GIB = 1L << 30;
    private final SimulatedController c = new SimulatedController();
    private AgentEvents events;
    private RepairWatch watch;

    @Before
    public void anAttachedDlvOnTwoOfThreeDpvs() {
        c.fleet("g", 10 * GIB, List.of("dpv1", "dpv2", "dpv3"), List.of("ih1"));
        events = new AgentEvents(c.store, c.queue, c.clock);
        watch = new RepairWatch(c.store, c.queue, Fixtures.config(), c.clock);
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        ihostHeartbeat();
    }

    private void ihostHeartbeat() {
        var facts = c.agents.ihostFacts.get("ih1").facts();
        events.accept(new AgentEvent(AgentEvent.Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, facts.initiatorIqn(),
                facts.problem(), facts.dlvs()));
        events.run();
    }

    private void dpvEvent(String dpv, AgentEvent.Type type) {
        events.accept(new AgentEvent(type, dpv, "dpv", "0.1.0", 10 * GIB, 9 * GIB, null, null));
        events.run();
    }

    /** The dpv dies: its agent is unreachable and it is marked unavailable. */
    private void loses(String dpv) {
        c.agents.down.add(dpv);
        dpvEvent(dpv, AgentEvent.Type.goodbye);
    }

    private void returns(String dpv) {
        c.agents.down.remove(dpv);
        dpvEvent(dpv, AgentEvent.Type.heartbeat);
    }

    private SimulatedNodeDriver driver(String node) {
        return c.agents.drivers.get(node);
    }

    private List<DlvLeg> legs(String dlv) {
        return c.dlvs.get(dlv).groups().stream().flatMap(g -> g.legs().stream()).toList();
    }

    /**
     * The dpv that holds a leg of each of the dlv's two mirrors (four legs on three dpvs: there is
     * one), so that its loss needs both other dpvs for the new legs.
     */
    private String holdingTwo(String dlv) {
        java.util.Map<String, Long> perDpv = legs(dlv).stream().collect(Collectors.groupingBy(DlvLeg::dpv,
                Collectors.counting()));
        return perDpv.entrySet().stream().filter(e -> e.getValue() == 2).map(java.util.Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no dpv holds two legs of " + dlv + ": " + perDpv));
    }

    private static String other(String... not) {
        return List.of("dpv1", "dpv2", "dpv3").stream().filter(d -> !List.of(not).contains(d)).findFirst().orElseThrow();
    }

    /** Each mirror has as many legs as before, on distinct dpvs, none of them {@code lost}. */
    private void assertMirrorsAvoid(String dlv, String lost) {
        for (org.dlvm.api.DlvGroup g : c.dlvs.get(dlv).groups()) {
            List<String> dpvs = g.legs().stream().map(DlvLeg::dpv).toList();
            assertEquals(dpvs.toString(), 2, Set.copyOf(dpvs).size());
            assertFalse(dpvs.toString(), dpvs.contains(lost));
        }
    }

    /** Runs the watch once and answers the operations it submitted. */
    private List<String> watchSubmits() {
        int before = c.queue.submitted.size();
        watch.run();
        return List.copyOf(c.queue.submitted.subList(before, c.queue.submitted.size()));
    }

    private Operation run(String id) {
        c.worker.run(id);
        return c.operations.get(id);
    }

    @Test
    public void aDpvAwayLongerThanTheWindowHasItsLegsReplacedRebuiltOnlineAndDeletedWhenItReturns() {
        String lost = holdingTwo("v1");
        Set<String> before = legs("v1").stream().map(DlvLeg::name).collect(Collectors.toSet());
        List<String> lostLegs = legs("v1").stream().filter(l -> l.dpv().equals(lost)).map(DlvLeg::name).toList();
        loses(lost);
        assertEquals(DlvStatus.degraded, c.dlvs.get("v1").status());
        c.clock.advanceSeconds(299);
        assertEquals("within the window the dpv may come back: nothing is replaced", List.of(), watchSubmits());

        c.clock.advanceSeconds(2);
        List<String> submitted = watchSubmits();
        assertEquals(1, submitted.size());
        Operation repair = c.operations.get(submitted.get(0));
        assertEquals("leg-repair", repair.kind());
        assertEquals("dlv/v1", repair.target());
        assertEquals("one operation for every leg the dpv held", List.of(), watchSubmits());
        Operation done = run(repair.id());
        assertEquals(done.error(), OperationStatus.succeeded, done.status());

        Dlv repaired = c.dlvs.get("v1");
        assertEquals("the dlv is served throughout", "/dev/mapper/dlvm-v1", repaired.devicePath());
        assertMirrorsAvoid("v1", lost);
        List<DlvLeg> fresh = legs("v1").stream().filter(l -> !before.contains(l.name())).toList();
        assertEquals(lostLegs.size(), fresh.size());
        for (DlvLeg leg : fresh) {
            assertEquals("exported", leg.status());
            assertTrue(driver(leg.dpv()).exports().containsKey(leg.name()));
        }
        assertEquals(Set.copyOf(lostLegs), Set.copyOf(c.store.inTransaction(em -> em.createQuery(
                "select r.name from RetiredLegEntity r where r.dpv = :p", String.class).setParameter("p", lost)
                .getResultList())));

        ihostHeartbeat();
        Dlv copying = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, copying.status());
        assertTrue(copying.reason(), copying.reason().contains("syncing 0.0 %"));
        fresh.forEach(l -> driver("ih1").rebuildLeg(l.name(), 1.0));
        ihostHeartbeat();
        Dlv healthy = c.dlvs.get("v1");
        assertEquals(healthy.reason(), DlvStatus.attached, healthy.status());
        assertEquals("rebuilt: no leg replaces another any more", 0L, (long) c.store.inTransaction(em -> em.createQuery(
                "select count(l) from LegEntity l where l.replaces is not null", Long.class).getSingleResult()));

        assertEquals("the retired legs wait for their dpv", List.of(), watchSubmits());
        returns(lost);
        List<String> cleanup = watchSubmits();
        assertEquals(1, cleanup.size());
        assertEquals("dpv/" + lost, c.operations.get(cleanup.get(0)).target());
        assertEquals(OperationStatus.succeeded, run(cleanup.get(0)).status());
        lostLegs.forEach(l -> assertFalse(l + " is deleted on its dpv", driver(lost).legs().containsKey(l)));
        assertEquals(0L, (long) c.store.inTransaction(em -> em.createQuery("select count(r) from RetiredLegEntity r",
                Long.class).getSingleResult()));
        assertEquals(List.of(), watchSubmits());
    }

    /**
     * A leg whose disk fails again each time its mirror takes it back, on a dpv that stays
     * available: the watch tries {@code rejoin_attempts_before_repair} (3 in the fixtures)
     * restores, then replaces it, and the old leg is deleted from its dpv at once.
     */
    @Test
    public void aLegThatKeepsFailingOnAnAvailableDpvIsReplacedAfterItsRejoinAttempts() {
        DlvLeg bad = legs("v1").get(0);
        driver("ih1").breakLeg(bad.name());
        ihostHeartbeat();
        assertEquals(DlvStatus.degraded, c.dlvs.get("v1").status());
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<String> submitted = watchSubmits();
            assertEquals("attempt " + attempt, 1, submitted.size());
            assertEquals("attempt " + attempt + " takes the leg back", "dlv-restore",
                    c.operations.get(submitted.get(0)).kind());
            assertEquals(OperationStatus.succeeded, run(submitted.get(0)).status());
            ihostHeartbeat();
            assertEquals("the disk failed again", DlvStatus.degraded, c.dlvs.get("v1").status());
            c.clock.advanceSeconds(31);
        }
        List<String> submitted = watchSubmits();
        assertEquals(1, submitted.size());
        Operation repair = c.operations.get(submitted.get(0));
        assertEquals("leg-repair", repair.kind());
        Operation done = run(repair.id());
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertFalse(legs("v1").stream().anyMatch(l -> l.name().equals(bad.name())));
        String reason = c.store.inTransaction(em -> em.find(RetiredLegEntity.class, bad.name()).getReason());
        assertTrue(reason, reason.contains("did not rejoin after 3 restores"));
        for (org.dlvm.api.DlvGroup g : c.dlvs.get("v1").groups()) {
            assertEquals(2, g.legs().stream().map(DlvLeg::dpv).distinct().count());
        }

        ihostHeartbeat();
        List<String> cleanup = watchSubmits();
        assertEquals("its dpv is available: the old leg goes at once", List.of("retired-legs-delete"),
                cleanup.stream().map(id -> c.operations.get(id).kind()).toList());
        assertEquals(OperationStatus.succeeded, run(cleanup.get(0)).status());
        assertFalse(driver(bad.dpv()).legs().containsKey(bad.name()));
        legs("v1").stream().filter(l -> !l.name().equals(bad.name())).forEach(l -> driver("ih1").rebuildLeg(l.name(), 1.0));
        ihostHeartbeat();
        assertEquals(c.dlvs.get("v1").reason(), DlvStatus.attached, c.dlvs.get("v1").status());
    }

    @Test
    public void aDpvBackWithinTheWindowKeepsItsLegs() {
        String lost = legs("v1").get(0).dpv();
        List<String> before = legs("v1").stream().map(DlvLeg::name).toList();
        loses(lost);
        c.clock.advanceSeconds(200);
        assertEquals(List.of(), watchSubmits());
        returns(lost);
        c.clock.advanceSeconds(200);
        watch.run();
        assertEquals(before, legs("v1").stream().map(DlvLeg::name).toList());
        assertTrue(c.store.inTransaction(em -> em.createQuery("select o.kind from OperationEntity o", String.class)
                .getResultList()).stream().noneMatch("leg-repair"::equals));
    }

    /**
     * One repair per dpv at a time (the fixtures' cap): a second dlv that lost a leg on the same
     * dpv, whose only possible new home is busy copying for the first, waits without turning
     * error, and is repaired once the first copy is done.
     */
    @Test
    public void aSecondRepairWaitsForTheDpvsTheFirstOneCopiesTo() {
        String lost = holdingTwo("v1");
        c.succeed(c.dlvs.create(new DlvSpec("v2", GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v2", "ih1"));
        ihostHeartbeat();
        assertTrue("v2 has a leg on " + lost + ": " + legs("v2"), legs("v2").stream().anyMatch(l -> l.dpv().equals(lost)));
        loses(lost);
        c.clock.advanceSeconds(301);
        List<String> repairs = watchSubmits();
        assertEquals(2, repairs.size());
        String firstRepair = repairs.stream().filter(id -> c.operations.get(id).target().equals("dlv/v1")).findFirst()
                .orElseThrow();
        String secondRepair = repairs.stream().filter(id -> !id.equals(firstRepair)).findFirst().orElseThrow();
        Operation first = run(firstRepair);
        assertEquals(first.error(), OperationStatus.succeeded, first.status());
        Operation second = run(secondRepair);
        assertEquals("both other dpvs copy for v1", OperationStatus.failed, second.status());
        assertTrue(second.error(), second.error().contains("repairs of other dlvs already"));
        assertEquals("it serves on, degraded", DlvStatus.degraded, c.dlvs.get("v2").status());
        assertTrue("nothing of v2 was swapped", legs("v2").stream().anyMatch(l -> l.dpv().equals(lost)));

        legs("v1").forEach(l -> driver("ih1").rebuildLeg(l.name(), 1.0));
        ihostHeartbeat();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        c.clock.advanceSeconds(31);
        List<String> again = watchSubmits();
        assertEquals(1, again.size());
        Operation retried = run(again.get(0));
        assertEquals(retried.error(), OperationStatus.succeeded, retried.status());
        assertMirrorsAvoid("v2", lost);
    }

    /** The new dpv failed during the repair: the rows are swapped already, and the next try finishes the same new legs. */
    @Test
    public void aRepairThatStoppedHalfWayIsFinishedWithTheSameNewLegs() {
        String lost = holdingTwo("v1");
        // the new legs go to both other dpvs: one of them does not answer
        String spare = other(lost);
        loses(lost);
        c.clock.advanceSeconds(301);
        c.agents.down.add(spare);
        Operation failed = run(watchSubmits().get(0));
        assertEquals(OperationStatus.failed, failed.status());
        assertTrue(failed.error(), failed.error().contains(spare));
        assertEquals("not an error: the dlv serves on from its other legs", DlvStatus.degraded, c.dlvs.get("v1").status());
        List<String> made = List.copyOf(c.store.inTransaction(em -> em.createQuery("select l.name from LegEntity l"
                + " where l.replaces is not null order by l.name", String.class).getResultList()));
        assertFalse(made.isEmpty());

        c.agents.down.remove(spare);
        c.clock.advanceSeconds(31);
        List<String> resumed = watchSubmits();
        assertEquals(1, resumed.size());
        Operation done = run(resumed.get(0));
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertEquals("the same new legs, no third one", made, List.copyOf(c.store.inTransaction(em -> em.createQuery(
                "select l.name from LegEntity l where l.replaces is not null order by l.name", String.class)
                .getResultList())));
        for (String leg : made) {
            String dpv = c.store.inTransaction(em -> em.find(LegEntity.class, leg)).getDpv();
            assertTrue(leg + " exported on " + dpv, driver(dpv).exports().containsKey(leg));
        }
        for (String leg : made) {
            LegEntity row = c.store.inTransaction(em -> em.find(LegEntity.class, leg));
            assertEquals(LegEntity.EXPORTED, row.getStatus());
            assertFalse("a rebuilt leg is not fresh: its mirror copies into it", row.isFresh());
            RetiredLegEntity retired = c.store.inTransaction(em -> em.find(RetiredLegEntity.class, row.getReplaces()));
            assertEquals(lost, retired.getDpv());
            assertEquals(leg, retired.getReplacedBy());
        }
    }

    /** A dvg's own repair window overrides the controller's (300 s in the fixtures). */
    @Test
    public void aDvgsRepairWindowReplacesSooner() {
        assertEquals(Long.valueOf(60), c.dvgs.setRepairWindow("g", 60L).repairAfterSeconds());
        String lost = holdingTwo("v1");
        loses(lost);
        c.clock.advanceSeconds(59);
        assertEquals(List.of(), watchSubmits());
        c.clock.advanceSeconds(2);
        List<String> repair = watchSubmits();
        assertEquals(1, repair.size());
        assertEquals(OperationStatus.succeeded, run(repair.get(0)).status());
        assertMirrorsAvoid("v1", lost);
        try {
            c.dvgs.setRepairWindow("g", 0L);
            org.junit.Assert.fail("a window of 0 s");
        } catch (org.dlvm.api.DlvmException e) {
            assertEquals("invalid_repair_after_seconds", e.code());
        }
        assertNull(c.dvgs.setRepairWindow("g", null).repairAfterSeconds());
    }

    /**
     * An evacuated dpv takes no new legs, and the legs it holds of an attached dlv move to the
     * other dpvs by a repair (the dlv online, degraded during the copy); its retired legs are
     * deleted at once, it is available. Cancelled, it takes legs again.
     */
    @Test
    public void anEvacuatedDpvHasItsLegsMovedOffAndTakesNoNewOnes() {
        String drained = holdingTwo("v1");
        org.dlvm.api.Dpv dpv = c.dpvs.evacuate(drained);
        assertTrue(dpv.draining());
        assertEquals(2, dpv.legCount());
        c.succeed(c.dlvs.create(new DlvSpec("v2", GIB, "g", 1, 2, null)));
        assertTrue("a new dlv avoids it", legs("v2").stream().noneMatch(l -> l.dpv().equals(drained)));

        List<String> repair = watchSubmits();
        assertEquals(1, repair.size());
        Operation done = run(repair.get(0));
        assertEquals(done.error(), OperationStatus.succeeded, done.status());
        assertMirrorsAvoid("v1", drained);
        Dlv copying = c.dlvs.get("v1");
        assertEquals("degraded at once, before any report: its new legs hold nothing yet", DlvStatus.degraded,
                copying.status());
        assertTrue(copying.reason(), copying.reason().contains("being rebuilt"));
        // besides (until the ihost reports the new legs) a restore that finds nothing to do
        List<String> cleanup = watchSubmits().stream().filter(id -> c.operations.get(id).target().equals("dpv/" + drained))
                .toList();
        assertEquals("its retired legs go at once: it is available", 1, cleanup.size());
        assertEquals(OperationStatus.succeeded, run(cleanup.get(0)).status());
        assertEquals(0, c.dpvs.get(drained).legCount());
        assertTrue(driver(drained).legs().isEmpty());

        ihostHeartbeat();
        legs("v1").forEach(l -> driver("ih1").rebuildLeg(l.name(), 1.0));
        ihostHeartbeat();
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        assertEquals(List.of(), watchSubmits());
        assertFalse(c.dpvs.cancelEvacuation(drained).draining());
    }

    /** Only a running mirror can copy a leg: a detached dlv's legs keep the evacuation from starting. */
    @Test
    public void anEvacuationIsRefusedWhileADetachedDlvHoldsLegsThere() {
        c.succeed(c.dlvs.create(new DlvSpec("v2", GIB, "g", 1, 2, null)));
        String dpv = legs("v2").get(0).dpv();
        try {
            c.dpvs.evacuate(dpv);
            org.junit.Assert.fail("evacuated under a detached dlv");
        } catch (org.dlvm.api.DlvmException e) {
            assertEquals("not_movable", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("v2 (available)"));
        }
        assertFalse(c.dpvs.get(dpv).draining());
    }
    /**
     * replicas 1: one leg per group. Its dpv's loss makes the dlv degraded naming the leg, but with
     * no second copy nothing can be rebuilt: no repair starts, however long the dpv stays away, and
     * the dlv is attached again once it returns. An evacuation would need a copy to move: refused.
     */
    @Test
    public void aOneCopyDlvIsDegradedWhileItsDpvIsAwayButNeverRepairedOrEvacuated() {
        c.succeed(c.dlvs.create(new DlvSpec("solo", GIB, "g", 1, 1, null)));
        Dlv solo = c.dlvs.get("solo");
        assertEquals(1, solo.replicas());
        solo.groups().forEach(g -> assertEquals(g.toString(), 1, g.legs().size()));
        assertEquals("one dpv holds the whole dlv when it fits", 1, legs("solo").stream().map(DlvLeg::dpv).distinct().count());
        c.succeed(c.dlvs.attach("solo", "ih1"));
        ihostHeartbeat();
        assertEquals(DlvStatus.attached, c.dlvs.get("solo").status());

        String dpv = legs("solo").get(0).dpv();
        try {
            c.dpvs.evacuate(dpv);
            org.junit.Assert.fail("evacuated the only copy of a dlv");
        } catch (org.dlvm.api.DlvmException e) {
            assertEquals("not_mirrored", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("[solo]"));
        }
        assertFalse(c.dpvs.get(dpv).draining());

        loses(dpv);
        Dlv away = c.dlvs.get("solo");
        assertEquals(DlvStatus.degraded, away.status());
        assertTrue(away.reason(), away.reason().contains("leg " + legs("solo").get(0).name()) && away.reason()
                .contains("unreachable"));
        c.clock.advanceSeconds(3600);
        assertTrue("no repair for a dlv without a second copy", watchSubmits().stream()
                .noneMatch(id -> c.operations.get(id).target().equals("dlv/solo")));
        returns(dpv);
        ihostHeartbeat();
        assertEquals(c.dlvs.get("solo").reason(), DlvStatus.attached, c.dlvs.get("solo").status());

        // grown, its new legs join the member's dpv, however empty the others are
        c.succeed(c.dlvs.extend("solo", 3 * GIB));
        assertEquals(List.of(dpv), legs("solo").stream().map(DlvLeg::dpv).distinct().toList());
    }
}
