package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.dlvm.node.NodeConfig;
import org.dlvm.protocol.Queues;
import org.junit.Test;

public class AgentSettingsTest {
    private static NodeConfig config(Map<String, Object> properties) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(), new Class<?>[] { NodeConfig.class },
                (proxy, method, args) -> properties.getOrDefault(method.getName().replace('_', '.'),
                        method.getDefaultValue()));
    }

    @Test
    public void theNodeConfigurationNamesTheAgentAndItsBroker() {
        AgentSettings s = AgentSettings.fromNodeConfig(Queues.Role.ihost,
                config(Map.of("name", "h1", "broker.url", " tcp://ctl:61616 ", "broker.password", "pw",
                        "heartbeat.seconds", 2)), "0.1.0");
        assertEquals(new AgentSettings(Queues.Role.ihost, "h1", "0.1.0", "tcp://ctl:61616", "dlvm", "pw", 2), s);
        assertEquals("dlvm.ihost.h1", s.queue());
    }

    @Test
    public void thePasswordStaysOutOfLogs() {
        AgentSettings s = new AgentSettings(Queues.Role.dpv, "d1", "0.1.0", "tcp://x:1", "dlvm", "s3cret", 5);
        assertFalse(s.toString(), s.toString().contains("s3cret"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aHeartbeatBelowOneSecondIsRefused() {
        new AgentSettings(Queues.Role.dpv, "d1", "0.1.0", "tcp://x:1", "dlvm", "pw", 0);
    }

    @Test
    public void problemsAreJoinedAfterTheFailureWithoutRepeats() {
        assertEquals("Volume group \"dlvm_vg\" not found; command 'lvm' not found: install lvm2 (LVM2 tools)",
                AgentFacts.problemText("Volume group \"dlvm_vg\" not found",
                        java.util.List.of("command 'lvm' not found: install lvm2 (LVM2 tools)", " ", "Volume group \"dlvm_vg\" not found")));
        assertEquals(null, AgentFacts.problemText(null, java.util.List.of()));
    }
}
