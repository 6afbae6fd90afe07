package org.dlvm.routes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.jms.Connection;
import javax.jms.JMSException;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.dlvm.api.DlvmException;
import org.dlvm.api.HealthCheck;
import org.dlvm.node.BrokerAccounts;
import org.dlvm.node.Secrets;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.protocol.Queues;
import org.dlvm.worker.messaging.AgentCallListener;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Owns the controller's Camel context and its link to the broker, and offers the two ways
 * into it: submitting work to the worker queue and calling an agent. The consuming routes
 * live in {@link ControllerRoutes}, which needs the worker and so must start after this.
 */
@Component(service = { WorkQueue.class, AgentGateway.class, HealthCheck.class, MessagingContext.class },
        configurationPid = { "org.dlvm.node", "org.dlvm.messaging" })
public class ControllerMessaging implements WorkQueue, AgentGateway, HealthCheck, MessagingContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControllerMessaging.class);
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ActiveMQConnectionFactory brokerFactory;
    /** The events consumers' own: no prefetch (see {@link Endpoints#eventsConsumer}). */
    private final ActiveMQConnectionFactory eventsFactory;
    private final CachingConnectionFactory connections;
    private final BrokerConfig broker;
    private final long agentTimeoutMillis;
    private final long dataPathTimeoutMillis;
    private final MessageCodec codec = new MessageCodec();
    private static final long BROKER_CHECK_NANOS = 1_000_000_000L;
    private volatile long brokerSeenAt = System.nanoTime() - BROKER_CHECK_NANOS;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<AgentCallListener> callListeners = new CopyOnWriteArrayList<>();

    @Activate
    public ControllerMessaging(BundleContext bundleContext, BrokerConfig broker, MessagingConfig messaging)
            throws Exception {
        this(new OsgiDefaultCamelContext(bundleContext), broker, messaging);
    }

    ControllerMessaging(CamelContext camel, BrokerConfig broker, MessagingConfig messaging) throws Exception {
        this.broker = broker;
        this.agentTimeoutMillis = messaging.agent_timeout_seconds() * 1000;
        this.dataPathTimeoutMillis = messaging.data_path_timeout_seconds() * 1000;
        brokerFactory = new ActiveMQConnectionFactory(broker.broker_url(), broker.broker_controller_user(),
                controllerPassword(broker));
        // a session resolves a queue name with a round trip to the broker unless it keeps what it found
        brokerFactory.setCacheDestinations(true);
        connections = new CachingConnectionFactory(brokerFactory);
        // every worker consumer fans out to its dpvs at once: enough sessions that none waits for one
        connections.setSessionCacheSize(64);
        this.camel = camel;
        ((org.apache.camel.impl.engine.AbstractCamelContext) camel).setName("dlvm");
        camel.addComponent("jms", JmsComponent.jmsComponent(connections));
        // Artemis prefetches up to 1 MiB into each consumer: an event dealt to a consumer that waits on the
        // database waited with it, though the other consumer was idle (RegistrationIT, twice in CI)
        eventsFactory = new ActiveMQConnectionFactory(broker.broker_url(), broker.broker_controller_user(),
                controllerPassword(broker));
        eventsFactory.setConsumerWindowSize(0);
        camel.addComponent(Endpoints.EVENTS_COMPONENT, JmsComponent.jmsComponent(eventsFactory));
        // routes added before start() never start in an OsgiDefaultCamelContext
        camel.start();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.SUBMIT).routeId("dlvm-submit").to(Endpoints.workerQueue());
                from(Endpoints.AGENT_CALL).routeId("dlvm-agent-call").toD(Endpoints.agentRequest());
            }
        });
        producer = camel.createProducerTemplate();
    }

    /**
     * The controller's broker password, from its file: made at first start where the broker is
     * embedded, copied there by the operator for a controller on another's broker. Without it the
     * broker refuses the login and /health says so.
     */
    static String controllerPassword(BrokerConfig broker) {
        java.nio.file.Path file = Secrets.file(broker.controller_broker_password_file(), BrokerAccounts.CONTROLLER_PASSWORD_FILE);
        try {
            String password = Secrets.read(file);
            if (password == null) {
                LOG.error("no broker password for user {} in {}: copy it there from the controller that runs the broker"
                        + " (its etc/dlvm-secrets/{}); the broker will refuse this controller until then",
                        broker.broker_controller_user(), file, BrokerAccounts.CONTROLLER_PASSWORD_FILE);
            }
            return password;
        } catch (java.io.IOException e) {
            LOG.error("cannot read the broker password in {}: {}", file, e.toString());
            return null;
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        producer.close();
        camel.stop();
        connections.destroy();
        brokerFactory.close();
        eventsFactory.close();
    }

    @Override
    public CamelContext camel() {
        return camel;
    }

    @Override
    public void submit(String operationId) {
        try {
            producer.sendBody(Endpoints.SUBMIT, operationId);
        } catch (CamelExecutionException e) {
            throw DlvmException.unavailable("broker_unavailable", "the broker did not take the work: " + root(e), e);
        }
    }

    @Override
    public AgentReply call(Queues.Role role, String node, AgentRequest request) throws AgentUnreachableException {
        return call(role, node, request, agentTimeoutMillis);
    }

    @Override
    public AgentReply callDataPath(Queues.Role role, String node, AgentRequest request)
            throws AgentUnreachableException {
        return call(role, node, request, dataPathTimeoutMillis);
    }

    private AgentReply call(Queues.Role role, String node, AgentRequest request, long timeoutMillis)
            throws AgentUnreachableException {
        String queue = Queues.agentQueue(role, node);
        long start = System.nanoTime();
        AgentCallListener.Result result = AgentCallListener.Result.unreachable;
        try {
            String reply = producer.requestBodyAndHeaders(Endpoints.AGENT_CALL, codec.encode(request),
                    Map.of(Endpoints.QUEUE_HEADER, queue, Endpoints.TIMEOUT_HEADER, timeoutMillis), String.class);
            AgentReply answer = codec.decode(reply, AgentReply.class);
            result = answer.ok() ? AgentCallListener.Result.ok : AgentCallListener.Result.refused;
            return answer;
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ExchangeTimedOutException) {
                result = AgentCallListener.Result.timeout;
                throw new AgentUnreachableException("agent on queue " + queue + " did not answer within "
                        + timeoutMillis / 1000 + " s", e);
            }
            throw new AgentUnreachableException("cannot reach agent on queue " + queue + ": " + root(e), e);
        } catch (IllegalArgumentException e) {
            throw new AgentUnreachableException("agent on queue " + queue + " answered garbage: " + e.getMessage(), e);
        } finally {
            long nanos = System.nanoTime() - start;
            for (AgentCallListener listener : callListeners) {
                listener.finished(role, request.action().name(), result, nanos);
            }
        }
    }

    @Override
    public String name() {
        return "broker";
    }

    /**
     * Whether a new connection to the broker works. A success is trusted for a second: every REST
     * change asks first, and a connection (with the broker's login) per change cost more than the
     * change. A failure is never remembered.
     */
    @Override
    public String problem() {
        if (System.nanoTime() - brokerSeenAt < BROKER_CHECK_NANOS) {
            return null;
        }
        try (Connection c = brokerFactory.createConnection()) {
            c.start();
            brokerSeenAt = System.nanoTime();
            return null;
        } catch (JMSException e) {
            return "cannot connect to " + broker.broker_url() + ": " + root(e);
        }
    }

    private static String root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
