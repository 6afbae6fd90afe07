package org.dlvm.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.dlvm.api.DpvService;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.IhostService;
import org.dlvm.api.MetricsExposition;
import org.dlvm.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The controller's metrics in Prometheus' text format, with client_java: figures derived from the
 * database at each scrape ({@link ControllerFigures}) and the latency of the agent requests this
 * controller made ({@link AgentRequestTimes}).
 */
@Component(service = MetricsExposition.class)
public class PrometheusMetrics implements MetricsExposition {
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    @Activate
    public PrometheusMetrics(@Reference Store store, @Reference DpvService dpvs, @Reference DvgService dvgs,
            @Reference IhostService ihosts, @Reference AgentRequestTimes agentRequests) {
        this(store, dpvs, dvgs, ihosts, agentRequests, null, Clock.systemUTC());
    }

    /** {@code checks} null: the ones DS hands in. */
    PrometheusMetrics(Store store, DpvService dpvs, DvgService dvgs, IhostService ihosts, AgentRequestTimes agentRequests,
            Supplier<List<HealthCheck>> checks, Clock clock) {
        registry.register(new ControllerFigures(store, dpvs, dvgs, ihosts,
                checks != null ? checks : () -> List.copyOf(this.checks), clock));
        registry.register(agentRequests.histogram());
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
