package org.dlvm.routes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.PeriodicTask;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The routes against a real Artemis broker: request-reply, timeouts, the worker queue and events. */
public class ControllerMessagingTest {
    private EmbeddedActiveMQ broker;
    private String url;
    private ControllerMessaging messaging;
    private final MessageCodec codec = new MessageCodec();

    @Before
    public void startBroker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        start(false);
    }

    /**
     * {@code stampsSenders}: security on, as shipped, so that the broker stamps each message's sender (the
     * events route checks it), with every login and permission granted.
     */
    private void start(boolean stampsSenders) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(stampsSenders).setPopulateValidatedUser(stampsSenders)
                .addAcceptorConfiguration("tcp", url);
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        if (stampsSenders) {
            broker.setSecurityManager(new AnyoneIsWhoTheySay());
        }
        broker.start();
        messaging = new ControllerMessaging(new DefaultCamelContext(), broker(url), messaging(2));
    }

    @After
    public void stop() throws Exception {
        messaging.deactivate();
        broker.stop();
    }

    @Test
    public void anAgentCallIsARequestReplyOnTheAgentsQueue() throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer agentQueue = s.createConsumer(s.createQueue("dlvm.dpv.dpv1"));
            MessageProducer replies = s.createProducer(null);
            List<Integer> deliveryModes = new CopyOnWriteArrayList<>();
            List<Long> expirations = new CopyOnWriteArrayList<>();
            agentQueue.setMessageListener(m -> {
                try {
                    deliveryModes.add(m.getJMSDeliveryMode());
                    expirations.add(m.getJMSExpiration());
                    AgentRequest r = codec.decode(((TextMessage) m).getText(), AgentRequest.class);
                    // the volume group's name echoes what the agent received: object, generation and action type
                    TextMessage reply = s.createTextMessage(codec.encode(AgentReply.success(new AgentResult.VolumeGroup(
                            r.object() + "@" + r.generation() + " " + r.action().name(), 42L, 7L))));
                    reply.setJMSCorrelationID(m.getJMSCorrelationID());
                    replies.send(m.getJMSReplyTo(), reply);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            c.start();
            AgentReply reply = messaging.call(Queues.Role.dpv, "dpv1",
                    new AgentRequest("op", "dpv/dpv1", 3, new AgentAction.Describe()));
            assertTrue(reply.ok());
            AgentResult.VolumeGroup vg = reply.as(AgentResult.VolumeGroup.class);
            assertEquals(42L, vg.totalSize());
            assertEquals("dpv/dpv1@3 describe", vg.vg());
            assertEquals("a request never goes through the broker's journal", List.of(DeliveryMode.NON_PERSISTENT),
                    deliveryModes);
            assertTrue("and expires with its timeout: " + expirations, expirations.get(0) > System.currentTimeMillis()
                    && expirations.get(0) <= System.currentTimeMillis() + 2_000);
        }
    }

    @Test
    public void aSilentAgentTimesOutWithAClearMessage() {
        long start = System.nanoTime();
        try {
            messaging.call(Queues.Role.ihost, "nobody", new AgentRequest("op", "ihost/nobody", 1, new AgentAction.Describe()));
            fail();
        } catch (AgentUnreachableException e) {
            assertEquals("agent on queue dlvm.ihost.nobody did not answer within 2 s", e.getMessage());
        }
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
    }

    @Test
    public void submittedWorkAndAgentEventsReachTheirConsumersAndTimersFire() throws Exception {
        stop();
        start(true);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        List<String> ticks = new CopyOnWriteArrayList<>();
        PeriodicTask task = new PeriodicTask() {
            public String taskName() {
                return "tick";
            }

            public long periodSeconds() {
                return 1;
            }

            public void run() {
                ticks.add("tick");
            }
        };
        ControllerRoutes routes = new ControllerRoutes(messaging, id -> {
            ran.add(id);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }, events::add, List.of(task), messaging(2));
        messaging.submit("op-1");
        // dpv2's account says goodbye for dpv1 (ignored), then each node sends its own heartbeat
        send("node.dpv2", new AgentEvent(AgentEvent.Type.goodbye, "dpv1", "dpv", "0.1", null, null, null, null));
        send("node.dpv2", new AgentEvent(AgentEvent.Type.heartbeat, "dpv2", "dpv", "0.1", 1L, 1L, null, null));
        send("node.dpv1", new AgentEvent(AgentEvent.Type.heartbeat, "dpv1", "dpv", "0.1", 1L, 1L, null, null));
        try (Connection c = new ActiveMQConnectionFactory(url, "node.dpv1", "x").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(Queues.EVENTS)).send(s.createTextMessage("garbage is dropped"));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while ((ran.isEmpty() || events.size() < 2 || ticks.isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of("op-1"), ran);
        assertEquals(2, events.size());
        assertTrue(events.toString(), events.stream().allMatch(e -> e.type() == AgentEvent.Type.heartbeat));
        assertEquals(java.util.Set.of("dpv1", "dpv2"), events.stream().map(AgentEvent::node).collect(
                java.util.stream.Collectors.toSet()));
        assertTrue(ticks.size() >= 1);
        routes.deactivate();
        assertNull(messaging.camel().getRoute("dlvm-worker"));
        assertNotNull(messaging.camel().getRoute("dlvm-submit"));
    }

    /**
     * A worker consumer waits for its operation, so worker.consumers bounds what runs; stopping the routes does not
     * wait for it (Camel's graceful stop would, 45 s and more): the worker hands it over or goes on with it.
     */
    @Test
    public void stoppingTheRoutesDoesNotWaitForARunningOperation() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> never = new java.util.concurrent.CompletableFuture<>();
        ControllerRoutes routes = new ControllerRoutes(messaging, id -> {
            ran.add(id);
            return never;
        }, e -> { }, List.of(), messaging(1));
        messaging.submit("op-long");
        long deadline = System.currentTimeMillis() + 10_000;
        while (ran.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of("op-long"), ran);
        java.util.concurrent.CompletableFuture<Void> stopped = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                routes.deactivate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopped.get(20, TimeUnit.SECONDS);
        assertNull(messaging.camel().getRoute("dlvm-worker"));
        assertTrue("the operation itself was left alone", !never.isDone());
    }

    /** Every login succeeds as the user it names (the broker then stamps that user), every permission is granted. */
    private static final class AnyoneIsWhoTheySay implements org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager3 {
        @Override
        public boolean validateUser(String user, String password) {
            return true;
        }

        @Override
        public boolean validateUserAndRole(String user, String password,
                java.util.Set<org.apache.activemq.artemis.core.security.Role> roles,
                org.apache.activemq.artemis.core.security.CheckType checkType) {
            return true;
        }

        @Override
        public String validateUser(String user, String password,
                org.apache.activemq.artemis.spi.core.protocol.RemotingConnection connection) {
            return user == null ? "anonymous" : user;
        }

        @Override
        public String validateUserAndRole(String user, String password,
                java.util.Set<org.apache.activemq.artemis.core.security.Role> roles,
                org.apache.activemq.artemis.core.security.CheckType checkType, String address,
                org.apache.activemq.artemis.spi.core.protocol.RemotingConnection connection) {
            return user == null ? "anonymous" : user;
        }
    }

    private void send(String user, AgentEvent event) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(url, user, "x").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(Queues.EVENTS)).send(s.createTextMessage(codec.encode(event)));
        }
    }

    @Test
    public void brokerHealthIsReported() throws Exception {
        assertNull(messaging.problem());
        broker.stop();
        assertNull("a success is trusted for a second", messaging.problem());
        Thread.sleep(1_100);
        String problem = messaging.problem();
        assertTrue(String.valueOf(problem), problem != null && problem.startsWith("cannot connect to " + url));
        broker.start();
    }

    static BrokerConfig broker(String url) {
        return new BrokerConfig() {
            public Class<? extends Annotation> annotationType() {
                return BrokerConfig.class;
            }

            public String broker_url() {
                return url;
            }

            public String broker_controller_user() {
                return "dlvm-controller";
            }

            public String controller_broker_password_file() {
                try {
                    java.nio.file.Path file = java.nio.file.Files.createTempDirectory("dlvm-secrets").resolve("controller.password");
                    org.dlvm.node.Secrets.write(file, "pw");
                    file.toFile().deleteOnExit();
                    file.getParent().toFile().deleteOnExit();
                    return file.toString();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    static MessagingConfig messaging(long timeoutSeconds) {
        return new MessagingConfig() {
            public Class<? extends Annotation> annotationType() {
                return MessagingConfig.class;
            }

            public long agent_timeout_seconds() {
                return timeoutSeconds;
            }

            public long data_path_timeout_seconds() {
                return timeoutSeconds * 2;
            }

            public int worker_consumers() {
                return 2;
            }
        };
    }
}
