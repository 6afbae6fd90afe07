package org.dlvm.worker;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

import org.dlvm.agent.RequestHandler;
import org.dlvm.dpvagent.DpvRequests;
import org.dlvm.ihostagent.IhostRequests;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;

/**
 * The agents' real request handlers on simulated nodes, reached through the broker's JSON
 * encoding: what the worker sends must be what an agent reads. A node in {@link #down} never
 * answers; {@link #failing} makes one action fail once on one node.
 */
final class SimulatedAgents implements AgentGateway {
    static final String VG = "dlvm_vg";
    final Map<String, SimulatedNodeDriver> drivers = new LinkedHashMap<>();
    private final Map<String, RequestHandler> handlers = new LinkedHashMap<>();
    private final MessageCodec codec = new MessageCodec();
    final Set<String> down = new HashSet<>();
    /** What each ihost's heartbeat would carry. */
    final Map<String, org.dlvm.agent.FactsSource> ihostFacts = new LinkedHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile String failing;
    /** "node action": that call throws, as a bug in the controller's own code would. */
    volatile String throwing;
    /** "node action": that call answers a device path longer than the database column holds. */
    volatile String garbling;
    /** "node action": that call signals {@link #held} and waits for {@link #letGo} (a step that takes long). */
    volatile String holding;
    final java.util.concurrent.Semaphore held = new java.util.concurrent.Semaphore(0);
    final java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
    /** Every request as "node action generation". */
    final List<String> fenced = java.util.Collections.synchronizedList(new ArrayList<>());

    SimulatedNodeDriver dpv(String name, long vgBytes) {
        SimulatedNodeDriver driver = new SimulatedNodeDriver(VG, vgBytes, "iqn.2026-11.org.dlvm.sim:" + name);
        drivers.put(name, driver);
        handlers.put("dpv/" + name, new DpvRequests(driver, VG));
        return driver;
    }

    SimulatedNodeDriver ihost(String name) {
        SimulatedNodeDriver driver = new SimulatedNodeDriver(VG, 0, "iqn.2026-11.org.dlvm.sim:" + name);
        drivers.put(name, driver);
        IhostRequests requests = new IhostRequests(driver);
        handlers.put("ihost/" + name, requests);
        ihostFacts.put(name, requests);
        return driver;
    }

    /** The ihost's agent stops (what it ran in the background stops with it) and starts again on the same kernel. */
    void restartIhostAgent(String name) {
        ((IhostRequests) handlers.get("ihost/" + name)).close();
        IhostRequests requests = new IhostRequests(drivers.get(name));
        handlers.put("ihost/" + name, requests);
        ihostFacts.put(name, requests);
    }

    @Override
    public AgentReply call(Queues.Role role, String node, AgentRequest request) throws AgentUnreachableException {
        String action = request.action().name();
        calls.add(node + " " + action);
        fenced.add(node + " " + action + " " + request.generation());
        if ((node + " " + action).equals(holding)) {
            holding = null;
            held.release();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RequestHandler handler = handlers.get(role.name() + "/" + node);
        if (handler == null || down.contains(node)) {
            throw new AgentUnreachableException("agent on queue " + Queues.agentQueue(role, node)
                    + " did not answer within 15 s", null);
        }
        if ((node + " " + action).equals(throwing)) {
            throwing = null;
            throw new IllegalStateException("simulated bug around " + action);
        }
        if ((node + " " + action).equals(garbling)) {
            garbling = null;
            // an answer the database cannot hold: the result fails while it is recorded
            return AgentReply.success(new AgentResult.Assembled("/dev/mapper/" + "x".repeat(300), 1, List.of()));
        }
        if ((node + " " + action).equals(failing)) {
            failing = null;
            return AgentReply.failure(AgentError.Code.failed, "simulated failure of " + action);
        }
        AgentRequest received = codec.decode(codec.encode(request), AgentRequest.class);
        try {
            return codec.decode(codec.encode(AgentReply.success(handler.handle(received.action()))), AgentReply.class);
        } catch (Exception e) {
            return AgentReply.failure(AgentError.Code.failed, e.getMessage());
        }
    }

    @Override
    public AgentReply callDataPath(Queues.Role role, String node, AgentRequest request)
            throws AgentUnreachableException {
        return call(role, node, request);
    }
}
