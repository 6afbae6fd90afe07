package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
                config(Map.of("name", "h1", "broker.url", " tcp://ctl:61616 ", "broker.password.file", "/run/pw",
                        "heartbeat.seconds", 2, "agent.request.threads", 3)), "0.1.0");
        assertEquals(new AgentSettings(Queues.Role.ihost, "h1", "0.1.0", "tcp://ctl:61616", "node.h1",
                java.nio.file.Path.of("/run/pw"), "dlvm-controller", 2, 3), s);
        assertEquals("dlvm.ihost.h1", s.queue());
    }

    @Test
    public void byDefaultANodeIsItsOwnBrokerUserWithItsPasswordUnderEtc() {
        System.setProperty("karaf.etc", "/opt/dlvm/etc");
        try {
            AgentSettings s = AgentSettings.fromNodeConfig(Queues.Role.dpv, config(Map.of("name", "d1")), "0.1.0");
            assertEquals("node.d1", s.brokerUser());
            assertEquals(8, s.requestThreads());
            assertEquals(java.nio.file.Path.of("/opt/dlvm/etc/dlvm-secrets/broker.password"), s.passwordFile());
            assertEquals(java.nio.file.Path.of("/opt/dlvm/etc/dlvm-secrets/x.pw"), AgentSettings.fromNodeConfig(
                    Queues.Role.dpv, config(Map.of("name", "d1", "broker.password.file", "dlvm-secrets/x.pw")), "0.1.0")
                    .passwordFile());
        } finally {
            System.clearProperty("karaf.etc");
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void aHeartbeatBelowOneSecondIsRefused() {
        new AgentSettings(Queues.Role.dpv, "d1", "0.1.0", "tcp://x:1", "node.d1", java.nio.file.Path.of("pw"),
                "dlvm-controller", 0, 8);
    }

    @Test(expected = IllegalArgumentException.class)
    public void anAgentWithoutRequestThreadsIsRefused() {
        new AgentSettings(Queues.Role.dpv, "d1", "0.1.0", "tcp://x:1", "node.d1", java.nio.file.Path.of("pw"),
                "dlvm-controller", 5, 0);
    }

    @Test
    public void onlyTheControllersValidatedUserIsObeyed() {
        assertEquals(null, RequestOrigin.refusal("dlvm-controller", "dlvm-controller"));
        assertTrue(RequestOrigin.refusal("node.d2", "dlvm-controller").contains("'node.d2'"));
        assertTrue(RequestOrigin.refusal(null, "dlvm-controller").contains("populate-validated-user"));
    }

    @Test
    public void problemsAreJoinedAfterTheFailureWithoutRepeats() {
        assertEquals("Volume group \"dlvm_vg\" not found; command 'lvm' not found: install lvm2 (LVM2 tools)",
                AgentFacts.problemText("Volume group \"dlvm_vg\" not found",
                        java.util.List.of("command 'lvm' not found: install lvm2 (LVM2 tools)", " ", "Volume group \"dlvm_vg\" not found")));
        assertEquals(null, AgentFacts.problemText(null, java.util.List.of()));
    }
}
