package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The runtime against a real (embedded) Artemis broker, as a controller would talk to it. */
public class AgentRuntimeTest {
    private static final long WAIT_MS = 20_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MessageCodec codec = new MessageCodec();
    private int port;
    private EmbeddedActiveMQ broker;
    private ActiveMQConnectionFactory clientFactory;
    private Connection client;
    private Session session;
    private MessageConsumer events;
    private AgentRuntime runtime;

    @Before
    public void startBrokerAndController() throws Exception {
        port = freePort();
        broker = startBroker(port);
        clientFactory = new ActiveMQConnectionFactory(url(), CONTROLLER, PASSWORD);
        client = clientFactory.createConnection();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        events = session.createConsumer(session.createQueue(Queues.EVENTS));
        client.start();
    }

    @After
    public void stopAll() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        client.close();
        clientFactory.close();
        if (broker != null) {
            broker.stop();
        }
    }

    private String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private EmbeddedActiveMQ startBroker(int onPort) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(true)
                .setPopulateValidatedUser(true)
                .setJournalDirectory(tmp.getRoot().toPath().resolve("journal").toString())
                .setBindingsDirectory(tmp.getRoot().toPath().resolve("bindings").toString())
                .setPagingDirectory(tmp.getRoot().toPath().resolve("paging").toString())
                .setLargeMessagesDirectory(tmp.getRoot().toPath().resolve("large").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + onPort);
        // everyone may do everything here: what is tested is the agent's own check of who sent a request
        config.putSecurityRoles("#", java.util.Set.of(new org.apache.activemq.artemis.core.security.Role("all", true, true,
                true, true, true, true, true, true, true, true, true, true)));
        org.apache.activemq.artemis.core.config.impl.SecurityConfiguration users =
                new org.apache.activemq.artemis.core.config.impl.SecurityConfiguration();
        for (String user : new String[] { CONTROLLER, INTRUDER, "node.dpv1" }) {
            users.addUser(user, PASSWORD);
            users.addRole(user, "all");
        }
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setSecurityManager(new org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager(
                org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule.class.getName(), users));
        embedded.setConfiguration(config);
        embedded.start();
        return embedded;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final String CONTROLLER = "dlvm-controller";
    private static final String INTRUDER = "intruder";
    private static final String PASSWORD = "secret";

    private java.nio.file.Path passwordFile() {
        return tmp.getRoot().toPath().resolve("etc/dlvm-secrets/broker.password");
    }

    private AgentRuntime startAgent(String brokerUrl, RequestHandler handler) throws IOException {
        if (!java.nio.file.Files.exists(passwordFile())) {
            org.dlvm.node.Secrets.write(passwordFile(), PASSWORD);
        }
        AgentSettings settings = new AgentSettings(Queues.Role.dpv, "dpv1", "0.1.0.test", brokerUrl, "node.dpv1",
                passwordFile(), CONTROLLER, 1, 4);
        GenerationFence fence = new GenerationFence(tmp.getRoot().toPath().resolve("dpv-generations.properties"));
        AgentRuntime agent = new AgentRuntime(settings, handler,
                () -> new AgentFacts(1000L, 400L, null, null), fence);
        agent.start();
        return agent;
    }

    private static RequestHandler describe() {
        return action -> new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
    }

    private AgentEvent awaitEvent(AgentEvent.Type type) throws JMSException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            Message m = events.receive(500);
            if (m != null) {
                AgentEvent event = codec.decode(((TextMessage) m).getText(), AgentEvent.class);
                if (event.type() == type) {
                    assertEquals("events are not kept across broker restarts", DeliveryMode.NON_PERSISTENT,
                            m.getJMSDeliveryMode());
                    assertTrue("events expire", m.getJMSExpiration() > 0);
                    assertEquals("a node's events form one group, kept in order", "dpv1",
                            m.getStringProperty(AgentRuntime.EVENT_GROUP));
                    return event;
                }
            }
        }
        throw new AssertionError("no " + type + " event within " + WAIT_MS + " ms");
    }

    /** Sends a request the way Camel's request-reply does: a temporary reply queue and a correlation id. */
    private Message request(AgentRequest request, String correlationId) throws JMSException {
        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageProducer producer = session.createProducer(session.createQueue(Queues.agentQueue(Queues.Role.dpv, "dpv1")));
        TextMessage message = session.createTextMessage(codec.encode(request));
        message.setJMSReplyTo(replyQueue);
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        producer.send(message);
        MessageConsumer replies = session.createConsumer(replyQueue);
        Message reply = replies.receive(WAIT_MS);
        assertNotNull("no reply within " + WAIT_MS + " ms", reply);
        replies.close();
        producer.close();
        if (correlationId == null) {
            assertEquals("without a correlation id the request's message id is used", message.getJMSMessageID(),
                    reply.getJMSCorrelationID());
        }
        return reply;
    }

    private AgentReply replyOf(Message m) throws JMSException {
        return codec.decode(((TextMessage) m).getText(), AgentReply.class);
    }

    private void awaitConnected(AgentRuntime agent) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!agent.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(agent.state(), agent.isConnected());
    }

    @Test
    public void aRequestIsAnsweredOnItsReplyQueueWithItsCorrelationId() throws Exception {
        runtime = startAgent(url(), describe());
        Message reply = request(new AgentRequest("op-1", "dpv/dpv1", 1, new AgentAction.Describe()), "corr-1");
        assertEquals("corr-1", reply.getJMSCorrelationID());
        AgentReply answer = replyOf(reply);
        assertTrue(String.valueOf(answer.error()), answer.ok());
        AgentResult.VolumeGroup group = answer.as(AgentResult.VolumeGroup.class);
        assertEquals(1000L, group.totalSize());
        assertEquals(400L, group.freeSize());
        assertEquals("dlvm_vg", group.vg());
    }

    @Test
    public void aRequestFromAnyoneButTheControllerIsRefusedAndDoesNothing() throws Exception {
        java.util.List<AgentAction> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        runtime = startAgent(url(), action -> {
            handled.add(action);
            return new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
        });
        // a broker user who may send here (a loosely configured broker): the broker stamps who it is
        try (ActiveMQConnectionFactory intruderFactory = new ActiveMQConnectionFactory(url(), INTRUDER, PASSWORD);
                Connection intruder = intruderFactory.createConnection()) {
            Session s = intruder.createSession(false, Session.AUTO_ACKNOWLEDGE);
            intruder.start();
            TemporaryQueue replyQueue = s.createTemporaryQueue();
            TextMessage forged = s.createTextMessage(codec.encode(new AgentRequest("op-x", "dlv/v1", 1_000_000,
                    new AgentAction.Describe())));
            forged.setJMSReplyTo(replyQueue);
            // a header set by the client is overwritten by the broker's
            forged.setStringProperty(org.dlvm.protocol.Queues.VALIDATED_USER, CONTROLLER);
            s.createProducer(s.createQueue(Queues.agentQueue(Queues.Role.dpv, "dpv1"))).send(forged);
            Message reply = s.createConsumer(replyQueue).receive(WAIT_MS);
            assertNotNull(reply);
            AgentReply refused = replyOf(reply);
            assertEquals(AgentError.Code.forbidden, refused.error().code());
            assertTrue(refused.error().message(), refused.error().message().contains("'" + INTRUDER + "'"));
        }
        assertEquals("the handler never saw the forged request", java.util.List.of(), handled);
        AgentReply stale = replyOf(request(new AgentRequest("op-2", "dlv/v1", 2, new AgentAction.Describe()), "b"));
        assertTrue("the forged generation did not raise the fence: " + stale.error(), stale.ok());
        assertEquals(1, handled.size());
    }

    @Test
    public void anAgentWithoutItsPasswordSaysSoAndConnectsOnceTheFileIsThere() throws Exception {
        java.nio.file.Files.createDirectories(passwordFile().getParent());
        java.nio.file.Files.deleteIfExists(passwordFile());
        AgentSettings settings = new AgentSettings(Queues.Role.dpv, "dpv1", "0.1.0.test", url(), "node.dpv1",
                passwordFile(), CONTROLLER, 1, 4);
        runtime = new AgentRuntime(settings, describe(), () -> new AgentFacts(1000L, 400L, null, null),
                new GenerationFence(tmp.getRoot().toPath().resolve("g.properties")));
        runtime.start();
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!runtime.state().contains("no broker password") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(runtime.state(), runtime.state().contains("no broker password in " + passwordFile())
                && runtime.state().contains("dlvm:node-enrol dpv1"));
        org.dlvm.node.Secrets.write(passwordFile(), PASSWORD);
        assertEquals("dpv1", awaitEvent(AgentEvent.Type.announce).node());
        assertTrue(runtime.isConnected());
    }

    @Test
    public void aRequestWithoutCorrelationIdIsCorrelatedByItsMessageId() throws Exception {
        runtime = startAgent(url(), describe());
        assertTrue(replyOf(request(new AgentRequest("op-1", null, 0, new AgentAction.Describe()), null)).ok());
    }

    @Test
    public void aStaleGenerationIsRefused() throws Exception {
        runtime = startAgent(url(), describe());
        assertTrue(replyOf(request(new AgentRequest("op-1", "dpv/dpv1", 7, new AgentAction.Describe()), "a")).ok());
        AgentReply stale = replyOf(request(new AgentRequest("op-2", "dpv/dpv1", 6, new AgentAction.Describe()), "b"));
        assertFalse(stale.ok());
        assertEquals(new AgentError(AgentError.Code.stale_generation, "stale generation 6 for dpv/dpv1: newest seen is 7"),
                stale.error());
    }

    @Test
    public void handlerFailuresAndGarbageAreAnswered() throws Exception {
        runtime = startAgent(url(), action -> {
            if (action instanceof AgentAction.Describe) {
                throw new Exception("Volume group \"dlvm_vg\" not found");
            }
            throw new IllegalArgumentException("a dpv agent does not do '" + action.name() + "'");
        });
        assertEquals(new AgentError(AgentError.Code.failed, "Volume group \"dlvm_vg\" not found"),
                replyOf(request(new AgentRequest("op-1", null, 0, new AgentAction.Describe()), "a")).error());
        assertEquals(new AgentError(AgentError.Code.invalid, "a dpv agent does not do 'dlv.assemble'"),
                replyOf(request(new AgentRequest("op-2", null, 0, new AgentAction.AssembleDlv(null)), "b")).error());

        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageProducer producer = session.createProducer(session.createQueue(Queues.agentQueue(Queues.Role.dpv, "dpv1")));
        TextMessage garbage = session.createTextMessage("{not json");
        garbage.setJMSReplyTo(replyQueue);
        garbage.setJMSCorrelationID("g");
        producer.send(garbage);
        MessageConsumer replies = session.createConsumer(replyQueue);
        Message reply = replies.receive(WAIT_MS);
        assertNotNull(reply);
        assertEquals("g", reply.getJMSCorrelationID());
        AgentError error = replyOf(reply).error();
        assertNotNull(error);
        assertEquals(AgentError.Code.invalid, error.code());
        assertTrue(error.message(), error.message().startsWith("cannot read the request"));

        TextMessage frob = session.createTextMessage("{\"id\":\"op-3\",\"action\":{\"type\":\"frob\"}}");
        frob.setJMSReplyTo(replyQueue);
        frob.setJMSCorrelationID("f");
        producer.send(frob);
        Message frobReply = replies.receive(WAIT_MS);
        assertNotNull(frobReply);
        assertEquals("f", frobReply.getJMSCorrelationID());
        AgentError unknown = replyOf(frobReply).error();
        assertNotNull(unknown);
        assertEquals(AgentError.Code.invalid, unknown.code());
        assertTrue(unknown.message(), unknown.message().startsWith("cannot read the request") && unknown.message().contains("frob"));
    }

    @Test
    public void theAgentAnnouncesItselfHeartbeatsAndSaysGoodbye() throws Exception {
        runtime = startAgent(url(), describe());
        AgentEvent announce = awaitEvent(AgentEvent.Type.announce);
        assertEquals(new AgentEvent(AgentEvent.Type.announce, "dpv1", "dpv", "0.1.0.test", 1000L, 400L, null, null),
                announce);
        assertEquals("dpv1", awaitEvent(AgentEvent.Type.heartbeat).node());
        assertEquals("connected to " + url(), runtime.state());
        runtime.close();
        assertEquals("dpv1", awaitEvent(AgentEvent.Type.goodbye).node());
        assertEquals("closed", runtime.state());
    }

    @Test
    public void anAgentStartedBeforeItsBrokerConnectsWhenItComes() throws Exception {
        int laterPort = freePort();
        String laterUrl = "tcp://127.0.0.1:" + laterPort;
        runtime = startAgent(laterUrl, describe());
        Thread.sleep(500);
        assertFalse(runtime.isConnected());
        assertTrue(runtime.state(), runtime.state().startsWith("connecting to " + laterUrl + ": "));
        EmbeddedActiveMQ later = startBroker(laterPort);
        try {
            awaitConnected(runtime);
            assertEquals("connected to " + laterUrl, runtime.state());
        } finally {
            runtime.close();
            runtime = null;
            later.stop();
        }
    }

    @Test
    public void aRestartedBrokerIsRejoinedAndAnnouncedTo() throws Exception {
        runtime = startAgent(url(), describe());
        awaitEvent(AgentEvent.Type.announce);
        client.close();
        clientFactory.close();
        broker.stop();
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (runtime.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse("the loss was noticed", runtime.isConnected());
        broker = startBroker(port);
        clientFactory = new ActiveMQConnectionFactory(url(), CONTROLLER, PASSWORD);
        client = clientFactory.createConnection();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        events = session.createConsumer(session.createQueue(Queues.EVENTS));
        client.start();
        awaitConnected(runtime);
        assertTrue(replyOf(request(new AgentRequest("op-9", null, 0, new AgentAction.Describe()), "after")).ok());
        TimeUnit.MILLISECONDS.sleep(10);
    }

    /** Sends without waiting; the reply arrives on the returned consumer. */
    private MessageConsumer send(AgentRequest request) throws JMSException {
        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageConsumer replies = session.createConsumer(replyQueue);
        MessageProducer producer = session.createProducer(session.createQueue(Queues.agentQueue(Queues.Role.dpv, "dpv1")));
        TextMessage message = session.createTextMessage(codec.encode(request));
        message.setJMSReplyTo(replyQueue);
        message.setJMSCorrelationID(request.id());
        producer.send(message);
        producer.close();
        return replies;
    }

    private AgentReply awaitReply(MessageConsumer replies) throws JMSException {
        Message reply = replies.receive(WAIT_MS);
        assertNotNull("no reply within " + WAIT_MS + " ms", reply);
        return replyOf(reply);
    }

    /**
     * A data-path step can take minutes: requests for other objects, and reads that name none,
     * are answered meanwhile; the same object's next request waits for it and runs after it.
     */
    @Test
    public void aLongStepHoldsUpOnlyItsOwnObject() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch longStepRuns = new java.util.concurrent.CountDownLatch(1);
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        runtime = startAgent(url(), action -> {
            if (action instanceof AgentAction.AssembleDlv) {
                longStepRuns.countDown();
                assertTrue(release.await(WAIT_MS, TimeUnit.MILLISECONDS));
                handled.add("long step of dlv/a");
            } else {
                handled.add(action.name());
            }
            return new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
        });
        MessageConsumer longStep = send(new AgentRequest("a-1", "dlv/a", 1, new AgentAction.AssembleDlv(null)));
        assertTrue("the long step started", longStepRuns.await(WAIT_MS, TimeUnit.MILLISECONDS));
        MessageConsumer sameObject = send(new AgentRequest("a-2", "dlv/a", 1, new AgentAction.Describe()));

        assertTrue(awaitReply(send(new AgentRequest("b-1", "dlv/b", 1, new AgentAction.Describe()))).ok());
        assertTrue(awaitReply(send(new AgentRequest("read", null, 0, new AgentAction.Describe()))).ok());
        assertEquals("dlv/a's second request waits behind its first", null, sameObject.receive(300));
        assertEquals(java.util.List.of("describe", "describe"), handled);

        release.countDown();
        assertTrue(awaitReply(longStep).ok());
        assertTrue(awaitReply(sameObject).ok());
        assertEquals(java.util.List.of("describe", "describe", "long step of dlv/a", "describe"), handled);
    }

    /** An agent stopped (role removed, bundle updated) while it works on a request still answers it. */
    @Test
    public void aRequestTakenBeforeCloseIsAnswered() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        runtime = startAgent(url(), action -> {
            running.countDown();
            Thread.sleep(500);
            return new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
        });
        MessageConsumer replies = send(new AgentRequest("slow", "dlv/a", 1, new AgentAction.Describe()));
        assertTrue(running.await(WAIT_MS, TimeUnit.MILLISECONDS));
        runtime.close();
        AgentReply reply = awaitReply(replies);
        assertTrue(String.valueOf(reply.error()), reply.ok());
    }

    /** The fence still sees one object's generations in the order they were sent. */
    @Test
    public void oneObjectsRequestsRunInTheOrderTheyCame() throws Exception {
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        runtime = startAgent(url(), action -> {
            Thread.sleep(20); // gives a request that overtook the one before it time to show
            handled.add(action.name());
            return new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
        });
        java.util.List<MessageConsumer> pending = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            AgentAction action = i % 2 == 0 ? new AgentAction.Describe() : new AgentAction.AssembleDlv(null);
            pending.add(send(new AgentRequest("r-" + i, "dlv/a", i, action)));
        }
        for (MessageConsumer replies : pending) {
            AgentReply reply = awaitReply(replies);
            assertTrue("none is refused as stale: " + reply.error(), reply.ok());
        }
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add(i % 2 == 0 ? "describe" : "dlv.assemble");
        }
        assertEquals(expected, handled);
    }

    @Test
    public void statesStayOnOneLine() {
        assertEquals("AMQ219007: Cannot connect to server(s). Tried with all available servers.",
                AgentRuntime.oneLine("AMQ219007: Cannot connect to server(s).\n  Tried with all available servers.\r\n"));
    }

    @Test
    public void eventsLiveForAFewHeartbeats() {
        assertEquals(15_000L, AgentRuntime.eventTimeToLiveMillis(5));
    }

    @Test
    public void theRequestsCorrelationIdWinsOverItsMessageId() {
        assertEquals("c", AgentRuntime.correlationId("c", "ID:m"));
        assertEquals("ID:m", AgentRuntime.correlationId(null, "ID:m"));
    }
}
