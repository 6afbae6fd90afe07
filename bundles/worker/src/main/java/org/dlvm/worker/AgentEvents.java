package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManager;

import org.dlvm.protocol.AgentEvent;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.NodeEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.health.DlvHealthUpdates;
import org.dlvm.worker.messaging.AgentEventSink;
import org.dlvm.worker.messaging.WorkQueue;
import org.dlvm.worker.messaging.PeriodicTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what agents say unasked into node state. Events are facts, not commands, so they need
 * no lock: the newest heartbeat simply wins. Agents of nodes nobody registered are ignored.
 * An event that changes what this controller last wrote of its node is written at once; a
 * heartbeat that only repeats it waits (at most a second) to be written with the others in one
 * transaction: a thousand dpvs send two hundred heartbeats a second, and a transaction each
 * cost the controller more than all its operations.
 */
@Component(service = { AgentEventSink.class, PeriodicTask.class })
public class AgentEvents implements AgentEventSink, PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEvents.class);
    private final Store store;
    private final WorkQueue queue;
    private final Clock clock;
    /** Per role/node, the newest event not yet written. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Per role/node, the last event this controller wrote. */
    private final Map<String, AgentEvent> written = new ConcurrentHashMap<>();

    @Activate
    public AgentEvents(@Reference Store store, @Reference WorkQueue queue) {
        this(store, queue, Clock.systemUTC());
    }

    AgentEvents(Store store, WorkQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void accept(AgentEvent event) {
        if (event.node() == null || event.role() == null || event.type() == null) {
            LOG.warn("ignoring an agent event without node, role or type: {}", event);
            return;
        }
        String key = key(event);
        if (repeats(event, written.get(key))) {
            // an event that waits after a refused write has newer facts than a repeat of the last written
            pending.merge(key, new Pending(event, true), (waiting, repeat) -> waiting.routine() ? repeat : waiting);
            return;
        }
        pending.remove(key);
        write(List.of(new Pending(event, false)));
    }

    /**
     * An event waiting for the batch. A routine one repeats the facts last written of its node: it
     * says the node is alive, and nothing of its sizes, which a leg's answer may have changed since
     * it was sampled (the dvg's free size went back up for a heartbeat after a dlv's creation).
     */
    private record Pending(AgentEvent event, boolean routine) {
    }

    /** A heartbeat with the same facts as the last event written of its node. */
    static boolean repeats(AgentEvent event, AgentEvent last) {
        return event.type() == AgentEvent.Type.heartbeat && last != null && last.type() != AgentEvent.Type.goodbye
                && new AgentEvent(last.type(), event.node(), event.role(), event.version(), event.totalSize(),
                        event.freeSize(), event.initiatorIqn(), event.problem()).equals(last);
    }

    @Override
    public String taskName() {
        return "agent-heartbeats";
    }

    @Override
    public long periodSeconds() {
        return 1;
    }

    /** Writes the waiting heartbeats, in one transaction. */
    @Override
    public void run() {
        List<Pending> due = new ArrayList<>();
        for (String key : List.copyOf(pending.keySet())) {
            Pending e = pending.remove(key);
            if (e != null) {
                due.add(e);
            }
        }
        if (!due.isEmpty()) {
            write(due);
        }
    }

    /**
     * Events wait on the database twice at most (a lock held by an operation's transaction): one
     * that still finds its rows locked goes back to wait for the next batch, unless a newer event
     * of its node came meanwhile. A consumer that waited eight lock timeouts for one event held
     * every event behind it for 80 s.
     */
    static final int WRITE_ATTEMPTS = 2;

    private void write(List<Pending> events) {
        long now = clock.millis();
        // by node: two batches lock the rows they share in the same order
        List<Pending> ordered = events.stream().sorted(Comparator.comparing((Pending p) -> p.event().role())
                .thenComparing(p -> p.event().node())).toList();
        List<String> restores;
        try {
            restores = store.inTransaction(em -> {
                List<String> started = new ArrayList<>();
                for (Pending p : ordered) {
                    started.addAll(apply(em, p.event(), !p.routine(), now));
                }
                return started;
            }, WRITE_ATTEMPTS);
        } catch (org.dlvm.api.DlvmException e) {
            if (e.kind() != org.dlvm.api.DlvmException.Kind.CONFLICT) {
                throw e;
            }
            ordered.forEach(p -> pending.putIfAbsent(key(p.event()), p));
            LOG.info("{} agent events wait for the next batch: {}", ordered.size(), e.getMessage());
            return;
        }
        ordered.forEach(p -> written.put(key(p.event()), p.event()));
        restores.forEach(id -> Submission.submit(queue, id));
    }

    private static String key(AgentEvent event) {
        return event.role() + "/" + event.node();
    }

    /** Applies one event; answers the restore operations an announce started (submitted after the commit). */
    private static List<String> apply(EntityManager em, AgentEvent event, boolean sizes, long now) {
        List<String> restores = new ArrayList<>();
        if ("dpv".equals(event.role())) {
            DpvEntity dpv = em.find(DpvEntity.class, event.node());
            if (dpv == null) {
                return restores;
            }
            String before = dpv.getStatus();
            if (isAlive(event, now, dpv)) {
                if (event.type() == AgentEvent.Type.announce) {
                    restores.addAll(DlvRestores.afterDpvAnnounce(em, dpv.getName(), now));
                }
                int restoring = DlvRestores.unfinishedFor(em, dpv.getName(), dpv.getReason(),
                        event.type() == AgentEvent.Type.announce);
                if (event.problem() != null || event.totalSize() == null || event.freeSize() == null) {
                    dpv.markUnavailable(event.problem() == null ? "its agent reports no volume group" : event.problem());
                } else {
                    if (sizes) {
                        dpv.setTotalSize(event.totalSize());
                        dpv.setFreeSize(event.freeSize());
                    }
                    if (restoring > 0) {
                        // the rule: every export back before the dpv counts as available
                        dpv.markUnavailable(DlvRestores.restoringReason(restoring));
                    } else {
                        dpv.markAvailable();
                    }
                }
            }
            if (!dpv.getStatus().equals(before)) {
                DlvHealthUpdates.dpvChanged(em, dpv.getName(), now);
            }
        } else if ("ihost".equals(event.role())) {
            IhostEntity ihost = em.find(IhostEntity.class, event.node());
            if (ihost == null) {
                return restores;
            }
            String before = ihost.getStatus();
            boolean restarted = false;
            if (isAlive(event, now, ihost)) {
                if (ihost.getInitiatorIqn() == null && event.initiatorIqn() != null) {
                    ihost.setInitiatorIqn(event.initiatorIqn());
                }
                if (event.problem() != null) {
                    ihost.markUnavailable(event.problem());
                } else {
                    ihost.markAvailable();
                    if (event.type() == AgentEvent.Type.announce) {
                        restores.addAll(DlvRestores.afterIhostAnnounce(em, ihost.getName(), now));
                        // what it reported before its restart may be gone with its kernel's tables (a reboot):
                        // its dlvs are judged again from its next reports, after their restores
                        DlvHealthUpdates.forgetReportsOf(em, ihost.getName());
                        restarted = true;
                    }
                }
            }
            if (restarted || !ihost.getStatus().equals(before)) {
                DlvHealthUpdates.ihostChanged(em, ihost.getName(), now);
            }
            if (event.type() != AgentEvent.Type.goodbye) {
                DlvHealthUpdates.report(em, ihost.getName(), event.dlvs(), now);
            }
        }
        return restores;
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
