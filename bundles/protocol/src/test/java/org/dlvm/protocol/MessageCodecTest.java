package org.dlvm.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlvm.api.DlvLayout;
import org.junit.Test;

public class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    public void requestsRoundTripWithTheirActionTaggedByType() {
        AgentRequest r = new AgentRequest("op-1", "dlv/v1", 7, new AgentAction.CreateLegs(List.of(
                new AgentAction.NewLeg("l1", 1L << 40, true), new AgentAction.NewLeg("l2", 4096, false))));
        String json = codec.encode(r);
        assertTrue(json, json.contains("\"generation\":7") && json.contains("\"type\":\"legs.create\""));
        assertEquals(r, codec.decode(json, AgentRequest.class));
        assertEquals("legs.create", r.action().name());
    }

    @Test
    public void aLayoutTravelsAsAnObjectNotAsTextInText() {
        DlvLayout layout = new DlvLayout("v1", 1L << 30, 128, 128, 4096, 16, 1, 0, List.of(new DlvLayout.Member(0,
                List.of(new DlvLayout.Mirror(0, 8 << 20, true, List.of(new DlvLayout.Leg("l1", "dpv1", "10.0.0.1", 3260,
                        "u", "p", true)))), List.of())));
        AgentRequest r = new AgentRequest("op-2", "dlv/v1", 3, new AgentAction.AssembleDlv(layout));
        String json = codec.encode(r);
        assertTrue(json, json.contains("\"layout\":{\"dlv\":\"v1\""));
        assertEquals(r, codec.decode(json, AgentRequest.class));
    }

    @Test
    public void aPendingRevertTravelsWithTheLayoutAndItsAbsenceIsNull() {
        DlvLayout plain = new DlvLayout("v1", 1L << 30, 128, 128, 4096, 16, 1, 4, List.of());
        DlvLayout reverting = new DlvLayout("v1", 1L << 30, 128, 128, 4096, 16, 1, 4, List.of(), 3L);
        AgentRequest r = new AgentRequest("op-3", "dlv/v1", 3, new AgentAction.AssembleDlv(reverting));
        assertEquals(r, codec.decode(codec.encode(r), AgentRequest.class));
        // a controller that predates the field sends none: no revert, not a revert to thin 0
        String old = codec.encode(new AgentAction.AssembleDlv(plain)).replace(",\"revertToThinId\":null", "");
        assertTrue(old, !old.contains("revertToThinId"));
        assertEquals(null, ((AgentAction.AssembleDlv) codec.decode(old, AgentAction.class)).layout().revertToThinId());
    }

    @Test
    public void repliesCarryATypedResultOrACodedError() {
        AgentReply ok = AgentReply.success(new AgentResult.Assembled("/dev/mapper/dlvm-v1", 2, List.of("l3")));
        AgentReply back = codec.decode(codec.encode(ok), AgentReply.class);
        assertEquals(ok, back);
        assertEquals(2, back.as(AgentResult.Assembled.class).transactionId());
        AgentReply stale = AgentReply.failure(AgentError.Code.stale_generation, "stale generation 3");
        String json = codec.encode(stale);
        assertTrue(json, json.contains("\"code\":\"stale_generation\""));
        assertEquals(stale, codec.decode(json, AgentReply.class));
        assertThrows(IllegalArgumentException.class, () -> back.as(AgentResult.Transaction.class));
        assertThrows(IllegalArgumentException.class, () -> new AgentReply(null, null));
    }

    @Test
    public void anUnknownActionTypeIsRefusedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(
                "{\"id\":\"x\",\"object\":\"dlv/v\",\"generation\":1,\"action\":{\"type\":\"legs.shred\"}}",
                AgentRequest.class));
        assertTrue(e.getMessage(), e.getMessage().contains("legs.shred"));
    }

    @Test
    public void eventsKeepSizesBeyondIntRange() {
        AgentEvent e = new AgentEvent(AgentEvent.Type.heartbeat, "dpv1", "dpv", "0.1.0", 5L << 40, 3L << 40, null, null);
        String json = codec.encode(e);
        assertTrue(json, json.contains("\"totalSize\":" + (5L << 40)));
        assertEquals(e, codec.decode(json, AgentEvent.class));
    }

    @Test
    public void anIhostsEventCarriesItsMirrorsAndAnOlderOneWithoutThemStillReads() {
        AgentEvent e = new AgentEvent(AgentEvent.Type.heartbeat, "ih1", "ihost", "0.1.0", null, null, "iqn.x:ih1", null,
                java.util.List.of(new org.dlvm.api.DlvState("v1", null, java.util.List.of(
                        new org.dlvm.api.MirrorState(0, "data", 1, "aA", 1L << 33, 1L << 34, "recover"))),
                        new org.dlvm.api.DlvState("v2", "its device /dev/mapper/dlvm-v2 is not there", null)));
        assertEquals(e, codec.decode(codec.encode(e), AgentEvent.class));
        AgentEvent old = codec.decode("{\"type\":\"heartbeat\",\"node\":\"ih1\",\"role\":\"ihost\"}", AgentEvent.class);
        assertEquals(null, old.dlvs());
    }

    @Test
    public void unknownFieldsFromANewerNodeAreIgnored() {
        AgentReply r = codec.decode("{\"result\":{\"type\":\"volume_group\",\"vg\":\"v\",\"totalSize\":10,"
                + "\"freeSize\":4,\"futureField\":1},\"futureField\":1}", AgentReply.class);
        assertTrue(r.ok());
        assertEquals(10L, r.as(AgentResult.VolumeGroup.class).totalSize());
    }

    @Test(expected = IllegalArgumentException.class)
    public void garbageIsRefusedWithAClearError() {
        codec.decode("{not json", AgentReply.class);
    }

    @Test
    public void agentQueuesAreNamedByRoleAndNode() {
        assertEquals("dlvm.dpv.dpv1", Queues.agentQueue(Queues.Role.dpv, "dpv1"));
        assertEquals("dlvm.ihost.h-2", Queues.agentQueue(Queues.Role.ihost, "h-2"));
    }
}
