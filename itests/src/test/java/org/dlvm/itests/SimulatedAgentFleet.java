package org.dlvm.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlvm.agent.AgentRuntime;
import org.dlvm.agent.AgentSettings;
import org.dlvm.agent.GenerationFence;
import org.dlvm.dpvagent.DpvRequests;
import org.dlvm.ihostagent.IhostRequests;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.Queues;

/**
 * dpv and ihost agents on simulated nodes inside the test JVM, on a controller's broker: the real
 * agent runtime and request handlers, many nodes without a Karaf process each. Each node is
 * enrolled through the controller's REST API first, as an operator would, and logs in as itself.
 */
final class SimulatedAgentFleet implements AutoCloseable {
    private final String brokerUrl;
    private final Api controller;
    private final Path fences;
    private final int heartbeatSeconds;
    private final List<AgentRuntime> agents = new java.util.concurrent.CopyOnWriteArrayList<>();

    SimulatedAgentFleet(String brokerUrl, Api controller) throws Exception {
        this(brokerUrl, controller, 2);
    }

    SimulatedAgentFleet(String brokerUrl, Api controller, int heartbeatSeconds) throws Exception {
        this.brokerUrl = brokerUrl;
        this.controller = controller;
        this.heartbeatSeconds = heartbeatSeconds;
        this.fences = Files.createTempDirectory("dlvm-fleet-fences");
    }

    /** A dpv whose volume group has {@code vgBytes}; each of its leg steps takes {@code stepMillis}. */
    SimulatedNodeDriver dpv(String name, long vgBytes, long stepMillis) throws Exception {
        SimulatedNodeDriver driver = new SimulatedNodeDriver("dlvm_vg", vgBytes, "iqn.2026-11.org.dlvm.sim:" + name, stepMillis);
        DpvRequests requests = new DpvRequests(driver, "dlvm_vg");
        start(Queues.Role.dpv, name, requests, requests);
        return driver;
    }

    SimulatedNodeDriver ihost(String name) throws Exception {
        SimulatedNodeDriver driver = new SimulatedNodeDriver("dlvm_vg", 0, "iqn.2026-11.org.dlvm.sim:" + name);
        IhostRequests requests = new IhostRequests(driver);
        start(Queues.Role.ihost, name, requests, requests);
        return driver;
    }

    private void start(Queues.Role role, String name, org.dlvm.agent.RequestHandler handler,
            org.dlvm.agent.FactsSource facts) throws Exception {
        Path password = fences.resolve(name + ".broker.password");
        if (!Files.exists(password)) {
            Files.writeString(password, controller.enrol(name));
        }
        AgentRuntime runtime = new AgentRuntime(new AgentSettings(role, name, "fleet", brokerUrl, "node." + name, password,
                "dlvm-controller", heartbeatSeconds, 8), handler, facts, new GenerationFence(fences.resolve(name + ".properties")));
        runtime.start();
        agents.add(runtime);
    }

    @Override
    public void close() {
        agents.forEach(AgentRuntime::close);
    }
}
