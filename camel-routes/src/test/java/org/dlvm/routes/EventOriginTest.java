package org.dlvm.routes;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.dlvm.protocol.AgentEvent;
import org.junit.Test;

public class EventOriginTest {
    private static AgentEvent goodbye(String node) {
        return new AgentEvent(AgentEvent.Type.goodbye, node, "ihost", "1", null, null, null, null);
    }

    @Test
    public void aNodeSpeaksForItself() {
        assertNull(EventOrigin.refusal(goodbye("ih1"), "node.ih1"));
    }

    @Test
    public void aNodeCannotSpeakForAnother() {
        String why = EventOrigin.refusal(goodbye("ih1"), "node.dpv1");
        assertTrue(why, why.contains("'ih1'") && why.contains("node.dpv1"));
        assertNotNull(EventOrigin.refusal(goodbye("ih1"), "dlvm-controller"));
        assertNotNull(EventOrigin.refusal(goodbye("ih1"), "node.ih10"));
    }

    @Test
    public void anEventWithoutAValidatedSenderOrNodeIsIgnored() {
        assertNotNull(EventOrigin.refusal(goodbye("ih1"), null));
        assertNotNull(EventOrigin.refusal(goodbye(null), "node.null"));
    }
}
