package org.dlvm.worker;

import java.time.Clock;

import org.dlvm.protocol.AgentEvent;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.NodeEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.AgentEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what agents say unasked into node state. Events are facts, not commands, so they need
 * no lock: the newest heartbeat simply wins. Agents of nodes nobody registered are ignored.
 */
@Component(service = AgentEventSink.class)
public class AgentEvents implements AgentEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEvents.class);
    private final Store store;
    private final Clock clock;

    @Activate
    public AgentEvents(@Reference Store store) {
        this(store, Clock.systemUTC());
    }

    AgentEvents(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void accept(AgentEvent event) {
        if (event.node() == null || event.role() == null || event.type() == null) {
            LOG.warn("ignoring an agent event without node, role or type: {}", event);
            return;
        }
        long now = clock.millis();
        store.inTransaction(em -> {
            if ("dpv".equals(event.role())) {
                DpvEntity dpv = em.find(DpvEntity.class, event.node());
                if (dpv != null && isAlive(event, now, dpv)) {
                    if (event.problem() != null || event.totalSize() == null || event.freeSize() == null) {
                        dpv.markUnavailable(event.problem() == null ? "its agent reports no volume group" : event.problem());
                    } else {
                        dpv.setTotalSize(event.totalSize());
                        dpv.setFreeSize(event.freeSize());
                        dpv.markAvailable();
                    }
                }
            } else if ("ihost".equals(event.role())) {
                IhostEntity ihost = em.find(IhostEntity.class, event.node());
                if (ihost != null && isAlive(event, now, ihost)) {
                    if (ihost.getInitiatorIqn() == null && event.initiatorIqn() != null) {
                        ihost.setInitiatorIqn(event.initiatorIqn());
                    }
                    if (event.problem() != null) {
                        ihost.markUnavailable(event.problem());
                    } else {
                        ihost.markAvailable();
                    }
                }
            }
            return null;
        });
    }

    /** What every event says of any node: its agent's version, and whether the agent is still there. */
    private static boolean isAlive(AgentEvent event, long now, NodeEntity node) {
        node.setAgentVersion(event.version());
        if (event.type() == AgentEvent.Type.goodbye) {
            node.markUnavailable("its agent stopped");
            return false;
        }
        node.setLastSeen(now);
        return true;
    }
}
