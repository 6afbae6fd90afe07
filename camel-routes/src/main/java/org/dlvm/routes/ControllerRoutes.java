package org.dlvm.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.dlvm.protocol.AgentEvent;
import org.dlvm.protocol.MessageCodec;
import org.dlvm.worker.messaging.AgentEventSink;
import org.dlvm.worker.messaging.OperationRunner;
import org.dlvm.worker.messaging.PeriodicTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming side: the worker queue feeds the operation runner, the events queue feeds the
 * node state, and each periodic task gets a timer. Failures are logged and dropped: the
 * operation records, not the messages, are the truth, and the resume sweep retries.
 * <p>
 * A worker consumer waits for the operation it handed over, so that {@code worker.consumers} bounds the
 * operations this controller runs; it stops waiting when the routes stop, so that stopping them (the
 * worker's bundle updated, for one) never waits for a data-path step: the worker then hands its
 * running operations over, or goes on with them when only the routes restart.
 */
@Component(service = ControllerRoutes.class, immediate = true, configurationPid = "org.dlvm.messaging")
@Designate(ocd = MessagingConfig.class)
public class ControllerRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRoutes.class);
    private final CamelContext camel;
    private final List<String> routeIds = new ArrayList<>();
    private final CompletableFuture<Void> stopping = new CompletableFuture<>();

    @Activate
    public ControllerRoutes(@Reference MessagingContext messaging, @Reference OperationRunner runner,
            @Reference AgentEventSink events,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) List<PeriodicTask> tasks, MessagingConfig config)
            throws Exception {
        this.camel = messaging.camel();
        MessageCodec codec = new MessageCodec();
        RouteBuilder routes = new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true)
                        .log(org.apache.camel.LoggingLevel.WARN, LOG, "${routeId}: ${exception.message}");
                from(Endpoints.workerConsumer(config.worker_consumers())).routeId("dlvm-worker")
                        .process(e -> {
                            // a message taken while the routes stop stays undone: the operation row is pending, the sweep resubmits it
                            if (!stopping.isDone()) {
                                CompletableFuture.anyOf(runner.submit(e.getIn().getBody(String.class)), stopping).join();
                            }
                        });
                from(Endpoints.eventsConsumer()).routeId("dlvm-events").process(e -> {
                    AgentEvent event = codec.decode(e.getIn().getBody(String.class), AgentEvent.class);
                    String refusal = EventOrigin.refusal(event, validatedUser(e.getIn()));
                    if (refusal != null) {
                        LOG.warn("ignoring a {} event: {}", event.type(), refusal);
                        return;
                    }
                    events.accept(event);
                });
                for (PeriodicTask task : tasks) {
                    from(Endpoints.timer(task.taskName(), task.periodSeconds())).routeId("dlvm-" + task.taskName())
                            .process(e -> task.run());
                }
            }
        };
        camel.addRoutes(routes);
        routes.getRouteCollection().getRoutes().forEach(r -> routeIds.add(r.getRouteId()));
    }

    /** Read from the JMS message itself: Camel's header mapping is not the place to trust with it. */
    private static String validatedUser(org.apache.camel.Message in) throws javax.jms.JMSException {
        return in instanceof org.apache.camel.component.jms.JmsMessage jms && jms.getJmsMessage() != null
                ? jms.getJmsMessage().getStringProperty(org.dlvm.protocol.Queues.VALIDATED_USER) : null;
    }

    @Deactivate
    void deactivate() throws Exception {
        stopping.complete(null);
        for (String id : routeIds) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
    }
}
