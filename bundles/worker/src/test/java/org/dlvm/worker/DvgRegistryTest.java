package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.List;

import org.dlvm.api.DlvmException;
import org.dlvm.api.Dvg;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.LegEntity;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class DvgRegistryTest {
    private final Store store = TestDatabase.newStore();
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();
    private final Fixtures.ScriptedAgents agents = new Fixtures.ScriptedAgents();
    private final DpvRegistry dpvs = new DpvRegistry(store, queue, clock);
    private final DvgRegistry dvgs = new DvgRegistry(store, clock);

    @Before
    public void twoDpvs() {
        Worker worker = new Worker(store, agents, queue, Fixtures.config(), clock);
        agents.script = r -> AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 100L, 40L));
        worker.run(dpvs.register("dpv1", null).operation().id());
        agents.script = r -> AgentReply.success(new AgentResult.VolumeGroup("dlvm_vg", 50L, 50L));
        worker.run(dpvs.register("dpv2", null).operation().id());
    }

    @Test
    public void sizesAreTheSumsOfTheMembers() {
        dvgs.create("g");
        assertEquals(new Dvg("g", List.of(), 0, 0, 0), dvgs.get("g"));
        dvgs.extend("g", "dpv1");
        Dvg both = dvgs.extend("g", "dpv2");
        assertEquals(List.of("dpv1", "dpv2"), both.dpvs());
        assertEquals(150L, both.totalSize());
        assertEquals(90L, both.freeSize());
        Dvg one = dvgs.reduce("g", "dpv1");
        assertEquals(List.of("dpv2"), one.dpvs());
        assertEquals(50L, one.totalSize());
        assertNull(dpvs.get("dpv1").dvg());
    }

    @Test
    public void aDpvBelongsToOneDvgAtATime() {
        dvgs.create("g1");
        dvgs.create("g2");
        dvgs.extend("g1", "dpv1");
        expect(DlvmException.Kind.CONFLICT, () -> dvgs.extend("g2", "dpv1"));
        expect(DlvmException.Kind.CONFLICT, () -> dvgs.reduce("g2", "dpv1"));
        assertEquals("g1", dpvs.get("dpv1").dvg());
        // repeating an extend is harmless
        assertEquals(List.of("dpv1"), dvgs.extend("g1", "dpv1").dpvs());
    }

    @Test
    public void aDpvHoldingLegsCannotLeave() {
        dvgs.create("g");
        dvgs.extend("g", "dpv1");
        store.inTransaction(em -> {
            em.persist(new LegEntity("l1", "v1", 0, "meta", 0, 0, "dpv1", 1L << 23, null, null, 1));
            em.persist(new LegEntity("l2", "v1", 0, "data", 0, 0, "dpv1", 1L << 23, null, null, 1));
            return null;
        });
        assertEquals("the count is the rows'", 2, dpvs.get("dpv1").legCount());
        try {
            dvgs.reduce("g", "dpv1");
            fail();
        } catch (DlvmException e) {
            assertEquals("in_use", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("holds 2 legs (of dlvs [v1])"));
        }
        assertEquals("g", dpvs.get("dpv1").dvg());
        store.inTransaction(em -> em.createQuery("delete from LegEntity l").executeUpdate());
        assertEquals(0, dpvs.get("dpv1").legCount());
        dvgs.reduce("g", "dpv1");
    }

    @Test
    public void deleteRefusesWhileDpvsRemainAndDpvDeleteRefusesWhileInADvg() {
        dvgs.create("g");
        dvgs.extend("g", "dpv1");
        expect(DlvmException.Kind.CONFLICT, () -> dvgs.delete("g"));
        expect(DlvmException.Kind.CONFLICT, () -> dpvs.delete("dpv1"));
        dvgs.reduce("g", "dpv1");
        dvgs.delete("g");
        expect(DlvmException.Kind.NOT_FOUND, () -> dvgs.get("g"));
    }

    @Test
    public void unknownNamesAreNotFoundAndBadOnesInvalid() {
        expect(DlvmException.Kind.NOT_FOUND, () -> dvgs.extend("nope", "dpv1"));
        dvgs.create("g");
        expect(DlvmException.Kind.NOT_FOUND, () -> dvgs.extend("g", "nope"));
        expect(DlvmException.Kind.INVALID, () -> dvgs.extend("g", "bad name"));
        expect(DlvmException.Kind.CONFLICT, () -> dvgs.create("g"));
    }

    private static void expect(DlvmException.Kind kind, Runnable r) {
        try {
            r.run();
            fail("expected " + kind);
        } catch (DlvmException e) {
            assertEquals(e.getMessage(), kind, e.kind());
        }
    }
}
