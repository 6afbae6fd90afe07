package org.dlvm.routes;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class EndpointsTest {
    @Test
    public void uris() {
        assertEquals("jms:queue:dlvm.worker?concurrentConsumers=4", Endpoints.workerConsumer(4));
        assertEquals("timer:dlvm-heartbeat-sweep?period=5000&delay=5000", Endpoints.timer("heartbeat-sweep", 5));
    }
}
