package org.dlvm.metrics;

import org.dlvm.protocol.Queues;
import org.dlvm.worker.messaging.AgentCallListener;
import org.osgi.service.component.annotations.Component;

import io.prometheus.metrics.core.metrics.Histogram;

/**
 * The latency of the agent requests this controller made since it started. A component of its
 * own, with no references: the messaging component calls it, and the metrics component, which
 * needs the registries that need the messaging, only reads it (one component for both would be a
 * service cycle).
 */
@Component(service = { AgentCallListener.class, AgentRequestTimes.class })
public class AgentRequestTimes implements AgentCallListener {
    private final Histogram histogram = Histogram.builder().name("dlvm_agent_request_duration_seconds")
            .help("agent requests this controller made since it started, by role, action and result")
            .labelNames("role", "action", "result").classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)
            .withoutExemplars().build();

    @Override
    public void finished(Queues.Role role, String action, Result result, long nanos) {
        histogram.labelValues(role.name(), action, result.name()).observe(nanos / 1e9);
    }

    Histogram histogram() {
        return histogram;
    }
}
