package org.dlvm.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

public class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    public void requestsRoundTripInSnakeCase() {
        AgentRequest r = new AgentRequest("op-1", Actions.DESCRIBE, "dpv/dpv1", 7, Map.of("vg", "dlvm_vg"));
        String json = codec.encode(r);
        assertTrue(json, json.contains("\"generation\":7"));
        assertEquals(r, codec.decode(json, AgentRequest.class));
    }

    @Test
    public void eventsKeepSizesBeyondIntRange() {
        AgentEvent e = new AgentEvent(AgentEvent.Type.heartbeat, "dpv1", "dpv", "0.1.0", 5L << 40, 3L << 40, null, null);
        String json = codec.encode(e);
        assertTrue(json, json.contains("\"totalSize\":" + (5L << 40)));
        assertEquals(e, codec.decode(json, AgentEvent.class));
    }

    @Test
    public void unknownFieldsFromANewerNodeAreIgnored() {
        AgentReply r = codec.decode("{\"ok\":true,\"result\":{\"total_size\":10},\"futureField\":1}", AgentReply.class);
        assertTrue(r.ok());
        assertEquals(10L, r.longResult("total_size"));
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
