package org.dlvm.agent;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.dlvm.node.Secrets;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's life on the broker: it connects (and reconnects, the broker may start later or
 * restart), answers the requests on its queue and tells the controller it is there. The
 * connection's lifecycle and the events run on one thread of ours. Requests are read on the
 * broker client's delivery thread and worked on in {@link KeyedLanes}: concurrently, but one
 * object's (a request's {@code object}, {@code dlv/<name>}) in the order they came.
 */
public final class AgentRuntime implements AutoCloseable {
    static final int RETRY_SECONDS = 3;
    /** How long close() waits for the goodbye; a deactivating component must not hang. */
    static final int CLOSE_WAIT_SECONDS = 5;
    /** JMS message groups: the broker hands a group's messages to one consumer at a time, in order. */
    static final String EVENT_GROUP = "JMSXGroupID";
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final AgentSettings settings;
    private final FactsSource facts;
    private final MessageCodec codec = new MessageCodec();
    private final RequestProcessor processor;
    private final ScheduledExecutorService lifecycle;
    private final KeyedLanes lanes;
    /** Replies come from every lane; a JMS session is for one thread at a time. */
    private final Object replyLock = new Object();

    private volatile boolean started;
    private volatile boolean closed;
    private volatile String state;
    // the fields below are only touched on the lifecycle thread, apart from close()'s last resort
    private volatile ActiveMQConnectionFactory factory;
    private String factoryPassword;
    private volatile Connection connection;
    private Session eventSession;
    private MessageProducer events;
    // guarded by replyLock
    private Session replySession;
    private MessageProducer replies;
    private String lastLoggedError;

    /**
     * The runtime of this node's agent for {@code role}, as both agent components build it: settings
     * from the node configuration, the fence persisted under the Karaf data directory, started.
     */
    public static AgentRuntime startFor(Queues.Role role, org.dlvm.node.NodeConfig config, String version,
            RequestHandler handler, FactsSource facts) throws java.io.IOException {
        AgentSettings settings = AgentSettings.fromNodeConfig(role, config, version);
        GenerationFence fence = new GenerationFence(GenerationFence.defaultFile(System.getProperty("karaf.data"), role));
        AgentRuntime runtime = new AgentRuntime(settings, handler, facts, fence);
        runtime.start();
        return runtime;
    }

    public AgentRuntime(AgentSettings settings, RequestHandler handler, FactsSource facts, GenerationFence fence) {
        this.settings = settings;
        this.facts = facts;
        this.processor = new RequestProcessor(codec, fence, handler);
        this.state = "connecting to " + settings.brokerUrl();
        this.lanes = new KeyedLanes("dlvm-" + settings.role() + "-request", settings.requestThreads());
        this.lifecycle = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dlvm-" + settings.role() + "-agent");
            thread.setDaemon(true);
            // the Artemis client loads its connector by name; in OSGi only its own bundle can see it
            thread.setContextClassLoader(ActiveMQConnectionFactory.class.getClassLoader());
            return thread;
        });
    }

    /** Starts connecting in the background and returns at once. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        LOG.info("{} agent of node {} starts: queue {}, broker {}", settings.role(), settings.node(), settings.queue(),
                settings.brokerUrl());
        lifecycle.execute(this::connect);
        lifecycle.scheduleAtFixedRate(this::heartbeat, settings.heartbeatSeconds(), settings.heartbeatSeconds(),
                TimeUnit.SECONDS);
    }

    /** "connected to tcp://..." or "connecting to tcp://...: <last error>". */
    public String state() {
        return state;
    }

    public boolean isConnected() {
        return connection != null;
    }

    public AgentSettings settings() {
        return settings;
    }

    /** Says goodbye when connected, then stops everything. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // no new requests; those taken finish and answer while the connection is still there
        Connection current = connection;
        if (current != null) {
            try {
                current.stop();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("stopping delivery: {}", e.toString());
            }
        }
        lanes.close(CLOSE_WAIT_SECONDS);
        try {
            Future<?> goodbye = lifecycle.submit(() -> {
                if (connection != null) {
                    sendEvent(AgentEvent.Type.goodbye);
                }
                disconnect();
                closeFactory();
            });
            goodbye.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException e) {
            LOG.warn("{} agent: closing failed: {}", settings.role(), RequestProcessor.reason(e));
        } catch (TimeoutException e) {
            LOG.warn("{} agent: no goodbye within {} s, closing anyway", settings.role(), CLOSE_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.shutdownNow();
        Connection last = connection;
        if (last != null) {
            closeQuietly(last);
            connection = null;
        }
        ActiveMQConnectionFactory lastFactory = factory;
        if (lastFactory != null) {
            // its client threads would outlive the agent
            lastFactory.close();
            factory = null;
        }
        state = "closed";
        LOG.info("{} agent of node {} stopped", settings.role(), settings.node());
    }

    /** Heartbeats are worthless once newer ones exist: a few heartbeats' worth, then the broker drops them. */
    static long eventTimeToLiveMillis(int heartbeatSeconds) {
        return 3L * heartbeatSeconds * 1000L;
    }

    static AgentEvent event(AgentEvent.Type type, AgentSettings settings, AgentFacts facts) {
        return new AgentEvent(type, settings.node(), settings.role().name(), settings.version(), facts.totalSize(),
                facts.freeSize(), facts.initiatorIqn(), facts.problem(), facts.dlvs());
    }

    /** The correlation the requester waits on: its own, or else its message id (JMS request-reply convention). */
    static String correlationId(String requestCorrelationId, String requestMessageId) {
        return requestCorrelationId != null ? requestCorrelationId : requestMessageId;
    }

    /** NodePart states are one line; broker errors sometimes are not. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private void connect() {
        if (closed || connection != null) {
            return;
        }
        Connection c = null;
        try {
            String password = Secrets.read(settings.passwordFile());
            if (password == null) {
                throw new IllegalStateException("no broker password in " + settings.passwordFile() + ": enrol node '"
                        + settings.node() + "' on the controller (dlvm:node-enrol " + settings.node()
                        + ", or POST /api/v1/nodes/" + settings.node() + "/broker-credentials) and write the password"
                        + " it gives there");
            }
            if (factory == null || !password.equals(factoryPassword)) {
                closeFactory();
                factory = new ActiveMQConnectionFactory(settings.brokerUrl(), settings.brokerUser(), password);
                factoryPassword = password;
            }
            c = factory.createConnection();
            Connection thisConnection = c;
            c.setExceptionListener(e -> onConnectionFailure(thisConnection, e));

            Session requestSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = requestSession.createConsumer(requestSession.createQueue(settings.queue()));
            Session replySession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replyProducer = replySession.createProducer(null);
            synchronized (replyLock) {
                this.replySession = replySession;
                this.replies = replyProducer;
            }
            consumer.setMessageListener(this::onRequest);

            // a session per thread, as JMS wants: this one is used only by the lifecycle thread
            Session eventSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer eventProducer = eventSession.createProducer(eventSession.createQueue(Queues.EVENTS));
            eventProducer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            eventProducer.setTimeToLive(eventTimeToLiveMillis(settings.heartbeatSeconds()));

            c.start();
            if (closed) {
                closeQuietly(c);
                return;
            }
            connection = c;
            this.eventSession = eventSession;
            events = eventProducer;
            lastLoggedError = null;
            state = "connected to " + settings.brokerUrl();
            LOG.info("{} agent of node {} connected to {}", settings.role(), settings.node(), settings.brokerUrl());
            sendEvent(AgentEvent.Type.announce);
        } catch (JMSException | IOException | RuntimeException e) {
            if (c != null) {
                closeQuietly(c);
            }
            String error = oneLine(RequestProcessor.reason(e));
            state = "connecting to " + settings.brokerUrl() + ": " + error;
            if (!error.equals(lastLoggedError)) {
                // the broker may be down for long: say it once, not every few seconds
                LOG.warn("{} agent cannot reach the broker at {} (retrying every {} s): {}", settings.role(),
                        settings.brokerUrl(), RETRY_SECONDS, error);
                lastLoggedError = error;
            }
            retryLater();
        }
    }

    private void retryLater() {
        try {
            lifecycle.schedule(this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    /** Called on a client thread; the reconnection itself runs on the lifecycle thread. */
    private void onConnectionFailure(Connection failed, JMSException e) {
        try {
            lifecycle.execute(() -> connectionLost(failed, e));
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void connectionLost(Connection failed, Exception e) {
        if (closed || connection != failed) {
            return; // a late report about a connection already replaced
        }
        String error = oneLine(RequestProcessor.reason(e));
        LOG.warn("{} agent lost the broker at {}: {}; reconnecting", settings.role(), settings.brokerUrl(), error);
        disconnect();
        state = "connecting to " + settings.brokerUrl() + ": " + error;
        lastLoggedError = null;
        try {
            // queued rather than called: a send failing right after connecting must not recurse
            lifecycle.execute(this::connect);
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        eventSession = null;
        events = null;
        synchronized (replyLock) {
            replySession = null;
            replies = null;
        }
        if (c != null) {
            closeQuietly(c);
        }
    }

    private void closeFactory() {
        if (factory != null) {
            factory.close();
            factory = null;
        }
    }

    private void heartbeat() {
        try {
            if (connection != null && !closed) {
                sendEvent(AgentEvent.Type.heartbeat);
            }
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task for good
            LOG.warn("{} agent: heartbeat failed: {}", settings.role(), RequestProcessor.reason(e), e);
        }
    }

    private void sendEvent(AgentEvent.Type type) {
        MessageProducer producer = events;
        Session session = eventSession;
        Connection c = connection;
        if (producer == null || session == null || c == null) {
            return;
        }
        AgentFacts current;
        try {
            current = facts.facts();
        } catch (RuntimeException e) {
            current = AgentFacts.problem("cannot gather the node's facts: " + RequestProcessor.reason(e));
        }
        try {
            TextMessage message = session.createTextMessage(codec.encode(event(type, settings, current)));
            // one node's events reach one consumer, in order: a late heartbeat must not undo a goodbye
            message.setStringProperty(EVENT_GROUP, settings.node());
            producer.send(message);
            LOG.debug("{} agent sent {}", settings.role(), type);
        } catch (JMSException e) {
            connectionLost(c, e);
        }
    }

    /** On the delivery thread: refusals are answered at once, the rest goes to its object's lane. */
    private void onRequest(Message message) {
        try {
            Destination replyTo = message.getJMSReplyTo();
            String correlation = correlationId(message.getJMSCorrelationID(), message.getJMSMessageID());
            String refusal = RequestOrigin.refusal(message.getStringProperty(Queues.VALIDATED_USER),
                    settings.controllerUser());
            if (refusal != null) {
                LOG.warn("{} agent: {}; nothing done", settings.role(), refusal);
                answer(replyTo, correlation, AgentReply.failure(AgentError.Code.forbidden, refusal));
                return;
            }
            if (!(message instanceof TextMessage)) {
                answer(replyTo, correlation, AgentReply.failure(AgentError.Code.invalid,
                        "expected a text message holding a JSON AgentRequest, got " + message.getClass().getSimpleName()));
                return;
            }
            RequestProcessor.Read read = processor.read(((TextMessage) message).getText());
            if (read.refusal() != null) {
                answer(replyTo, correlation, read.refusal());
                return;
            }
            try {
                lanes.submit(read.object(), () -> answer(replyTo, correlation, processor.process(read.request())));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                answer(replyTo, correlation, AgentReply.failure(AgentError.Code.retryable,
                        settings.role() + " agent of node " + settings.node() + " is stopping"));
            }
        } catch (JMSException | RuntimeException e) {
            // thrown out of onMessage it would only make the broker redeliver at once
            LOG.warn("{} agent could not take a request: {}", settings.role(), RequestProcessor.reason(e), e);
        }
    }

    /**
     * Sends a reply through the current connection: a temporary reply queue takes messages from
     * any connection, so a step that outlives a reconnection still gets its answer through.
     */
    private void answer(Destination replyTo, String correlation, AgentReply reply) {
        if (!reply.ok()) {
            LOG.info("{} agent refused a request: {}", settings.role(), reply.error());
        }
        if (replyTo == null) {
            LOG.warn("{} agent: request {} has no JMSReplyTo, its reply is dropped: {}", settings.role(), correlation, reply);
            return;
        }
        synchronized (replyLock) {
            if (replies == null) {
                LOG.warn("{} agent: no broker connection, the reply to {} is dropped (the controller asks again): {}",
                        settings.role(), correlation, reply);
                return;
            }
            try {
                TextMessage text = replySession.createTextMessage(codec.encode(reply));
                text.setJMSCorrelationID(correlation);
                replies.send(replyTo, text);
            } catch (JMSException | RuntimeException e) {
                LOG.warn("{} agent could not answer request {}: {}", settings.role(), correlation,
                        RequestProcessor.reason(e));
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing a broken connection: {}", e.toString());
        }
    }
}
