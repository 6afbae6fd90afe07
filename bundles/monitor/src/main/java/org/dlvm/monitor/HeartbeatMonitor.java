package org.dlvm.monitor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.NodeEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.health.DlvHealthUpdates;
import org.dlvm.worker.messaging.PeriodicTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns nodes whose agents went silent unavailable, and the dlvs they serve degraded (a dead
 * dpv shows within the timeout, before any I/O to it fails). Coming back needs no sweep: the
 * next heartbeat makes the node available again (AgentEvents).
 */
@Component(service = PeriodicTask.class, configurationPid = "org.dlvm.monitor")
@Designate(ocd = MonitorConfig.class)
public class HeartbeatMonitor implements PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);
    private final Store store;
    private final MonitorConfig config;
    private final Clock clock;

    @Activate
    public HeartbeatMonitor(@Reference Store store, MonitorConfig config) {
        this(store, config, Clock.systemUTC());
    }

    HeartbeatMonitor(Store store, MonitorConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Pure: a node is silent when it was seen, but not within the timeout. */
    static boolean isSilent(Long lastSeen, long now, long timeoutMillis) {
        return lastSeen == null || now - lastSeen > timeoutMillis;
    }

    static String silenceReason(Long lastSeen, long timeoutSeconds) {
        return lastSeen == null ? "its agent has never sent a heartbeat"
                : "no heartbeat from its agent for more than " + timeoutSeconds + " s";
    }

    @Override
    public String taskName() {
        return "heartbeat-sweep";
    }

    @Override
    public long periodSeconds() {
        return config.sweep_seconds();
    }

    @Override
    public void run() {
        long now = clock.millis();
        long timeout = config.heartbeat_timeout_seconds();
        store.inTransaction(em -> {
            // only the silent ones are read: with a thousand nodes, reading all of them each sweep cost more than the sweep
            long cutoff = now - timeout * 1000;
            List<NodeEntity> available = new ArrayList<>();
            available.addAll(em.createQuery("select d from DpvEntity d where d.status = 'available'"
                    + " and (d.lastSeen is null or d.lastSeen < :c)", DpvEntity.class).setParameter("c", cutoff).getResultList());
            available.addAll(em.createQuery("select i from IhostEntity i where i.status = 'available'"
                    + " and (i.lastSeen is null or i.lastSeen < :c)", IhostEntity.class).setParameter("c", cutoff)
                    .getResultList());
            for (NodeEntity node : available) {
                if (isSilent(node.getLastSeen(), now, timeout * 1000)) {
                    String reason = silenceReason(node.getLastSeen(), timeout);
                    LOG.warn("{} {} turns unavailable: {}", node instanceof DpvEntity ? "dpv" : "ihost",
                            node.getName(), reason);
                    node.markUnavailable(reason);
                    if (node instanceof DpvEntity) {
                        DlvHealthUpdates.dpvChanged(em, node.getName(), now);
                    } else {
                        DlvHealthUpdates.ihostChanged(em, node.getName(), now);
                    }
                }
            }
            return null;
        });
    }
}
