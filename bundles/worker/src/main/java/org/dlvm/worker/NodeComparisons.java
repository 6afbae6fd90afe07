package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.persistence.EntityManager;

import org.dlvm.api.KernelPart;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Requester;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.RetiredLegEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.PeriodicTask;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic full comparison (LINSTOR's cleanup phase, and its full sync's other half): asks
 * every available node what it holds of DLVM's and compares it with the rows ({@link Leftovers}).
 * For each dlv something is left of (the stack of an ihost that lost the dlv to a forced detach
 * while out of reach, the sessions of legs it no longer uses, an export a dpv kept while it was
 * away) it starts one {@code dlv-cleanup}, which takes the dlv's lock and checks the rows again
 * before it touches anything, so an attach that starts meanwhile wins. For each served dlv a node
 * lacks its part of (drift its agent did not announce) it starts the {@code dlv-restore} an announce
 * would have. LVs that no row knows are only logged.
 */
@Component(service = PeriodicTask.class, configurationPid = ControllerConfig.PID)
public class NodeComparisons implements PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(NodeComparisons.class);
    /** Rounds a failed cleanup of a dlv waits before it is tried again. */
    private static final int RETRY_ROUNDS = 10;

    private final Store store;
    private final AgentGateway agents;
    private final WorkQueue queue;
    private final ControllerConfig config;
    private final Clock clock;
    /** What was already logged (unknown legs, agents that cannot tell their holdings): told once per controller run. */
    private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public NodeComparisons(@Reference Store store, @Reference AgentGateway agents, @Reference WorkQueue queue,
            ControllerConfig config) {
        this(store, agents, queue, config, Clock.systemUTC());
    }

    NodeComparisons(Store store, AgentGateway agents, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String taskName() {
        return "compare-nodes";
    }

    @Override
    public long periodSeconds() {
        return config.cleanup_seconds();
    }

    private record Node(Queues.Role role, String name) {
    }

    @Override
    public void run() {
        List<Node> nodes = store.inTransaction(em -> {
            List<Node> out = new ArrayList<>();
            em.createQuery("select d.name from DpvEntity d where d.status = :s", String.class)
                    .setParameter("s", NodeStatus.available.name()).getResultList()
                    .forEach(n -> out.add(new Node(Queues.Role.dpv, n)));
            em.createQuery("select i.name from IhostEntity i where i.status = :s", String.class)
                    .setParameter("s", NodeStatus.available.name()).getResultList()
                    .forEach(n -> out.add(new Node(Queues.Role.ihost, n)));
            return out;
        });
        for (Node node : nodes) {
            try {
                cleanUp(node.role(), node.name());
            } catch (RuntimeException e) {
                LOG.warn("cannot compare what {} {} holds with the database this round: {}", node.role(), node.name(),
                        e.toString());
            }
        }
    }

    /** One node: its holdings, then the rows (read after its answer), then the operations. Answers their ids. */
    List<String> cleanUp(Queues.Role role, String node) {
        long asked = clock.millis();
        AgentResult held = holdings(role, node);
        if (held == null) {
            return List.of();
        }
        List<String> started = store.inTransaction(em -> {
            List<Leftovers.Cleanup> cleanups;
            List<String> missing;
            OperationArgs.DlvRestore restore;
            if (held instanceof AgentResult.IhostHoldings ihost) {
                Leftovers.Rows rows = rowsForIhost(em, node, ihost.dlvParts(), ihost.sessionLegs());
                cleanups = Leftovers.ofIhost(node, ihost, rows);
                missing = Leftovers.missingOnIhost(node, ihost, rows);
                restore = new OperationArgs.DlvRestore(null, node);
            } else {
                AgentResult.DpvHoldings dpv = (AgentResult.DpvHoldings) held;
                Leftovers.Rows rows = rowsForDpv(em, node);
                cleanups = Leftovers.ofDpv(node, dpv, rows);
                missing = Leftovers.missingOnDpv(node, dpv, rows);
                restore = new OperationArgs.DlvRestore(node, null);
                for (String leg : Leftovers.unknownLegs(node, dpv, rows)) {
                    if (reported.add(node + "/" + leg)) {
                        LOG.warn("dpv {} has the LV or target of leg {}, which no dlv has: left alone (remove it by"
                                + " hand if nothing needs it)", node, leg);
                    }
                }
            }
            List<String> ids = new ArrayList<>();
            long now = clock.millis();
            for (Leftovers.Cleanup c : cleanups) {
                String target = OperationKind.DLV_CLEANUP.target(c.dlv());
                // an operation on the dlv since the node was asked may have made, or be making, what looks left
                // over; a cleanup that failed lately (a device still open) waits ten rounds before it is tried again
                if (!Operations.activeSince(em, target, asked) && !Operations.failedSince(em, target,
                        OperationKind.DLV_CLEANUP, now - RETRY_ROUNDS * config.cleanup_seconds() * 1000)) {
                    LOG.info("{} {} holds what no row wants of {}: starting a cleanup ({})", role, node, c.dlv(),
                            c.args());
                    ids.add(Operations.create(em, OperationKind.DLV_CLEANUP, c.dlv(), c.args(), Requester.CONTROLLER,
                            now).getId());
                }
            }
            for (String dlv : missing) {
                // an export is recorded after it is made: one made and recorded since the node was asked looks missing
                if (!Operations.activeSince(em, OperationKind.DLV_RESTORE.target(dlv), asked)) {
                    LOG.warn("{} {} lacks what it must hold of {} (its kernel lost it without its agent announcing"
                            + " itself): starting a restore", role, node, dlv);
                    ids.addAll(DlvRestores.start(em, List.of(dlv), restore, now));
                }
            }
            return ids;
        });
        started.forEach(id -> Submission.submit(queue, id));
        return started;
    }

    private AgentResult holdings(Queues.Role role, String node) {
        // a read: no fencing token, so it never waits for an operation that holds a dlv
        AgentRequest request = new AgentRequest(UUID.randomUUID().toString(), null, 0, new AgentAction.Holdings());
        try {
            AgentReply reply = agents.call(role, node, request);
            if (!reply.ok()) {
                // an agent of a version without it answers so on every round: told once
                if (reported.add("holdings/" + node)) {
                    LOG.warn("{} {} cannot tell what it holds: {}", role, node, reply.error().message());
                }
                return null;
            }
            AgentResult held = role == Queues.Role.dpv ? reply.as(AgentResult.DpvHoldings.class)
                    : reply.as(AgentResult.IhostHoldings.class);
            return valid(role, node, held);
        } catch (AgentUnreachableException e) {
            LOG.debug("{} {} did not tell what it holds this round: {}", role, node, e.getMessage());
            return null;
        }
    }

    /** The names an agent reports go into operations, locks and logs: one that breaks DLVM's rule drops the round. */
    private static AgentResult valid(Queues.Role role, String node, AgentResult held) {
        List<String> names = new ArrayList<>();
        if (held instanceof AgentResult.IhostHoldings ihost) {
            names.addAll(ihost.dlvParts());
            names.addAll(ihost.sessionLegs());
        } else if (held instanceof AgentResult.DpvHoldings dpv) {
            names.addAll(dpv.legVolumes());
            names.addAll(dpv.exports().keySet());
        }
        for (String name : names) {
            if (!org.dlvm.api.Names.isValid(name)) {
                LOG.warn("{} {} reports a holding named '{}', which no dlv or leg can be: not compared this round", role,
                        node, name.length() <= 80 ? name : name.substring(0, 80) + "...");
                return null;
            }
        }
        return held;
    }

    /** The dlvs an ihost serves, the dlvs its stacks may belong to, and the legs it has sessions to. */
    static Leftovers.Rows rowsForIhost(EntityManager em, String ihost, Collection<String> parts,
            Collection<String> sessionLegs) {
        Map<String, Leftovers.DlvRow> dlvs = new HashMap<>();
        List<DlvEntity> found = new ArrayList<>(em.createQuery("select d from DlvEntity d where d.ihost = :i",
                DlvEntity.class).setParameter("i", ihost).getResultList());
        if (!parts.isEmpty()) {
            found.addAll(em.createQuery("select d from DlvEntity d where d.name in :n", DlvEntity.class)
                    .setParameter("n", parts).getResultList());
            // a long name's stack carries a short form of it (KernelPart): those few are all read
            found.addAll(em.createQuery("select d from DlvEntity d where length(d.name) > :whole", DlvEntity.class)
                    .setParameter("whole", KernelPart.LONGEST_WHOLE_DLV_NAME).getResultList());
        }
        found.forEach(d -> dlvs.put(d.getName(), row(d)));
        Leftovers.Rows legs = rowsForLegs(em, sessionLegs);
        dlvs.putAll(legs.dlvs());
        return new Leftovers.Rows(dlvs, legs.legs(), legs.retired(), legs.initiators());
    }

    private static Leftovers.DlvRow row(DlvEntity d) {
        return new Leftovers.DlvRow(d.getName(), d.getIhost(), org.dlvm.worker.health.DlvHealth.isServed(d.getStatus()));
    }

    /** Every leg the rows put on the dpv, retired or not, their dlvs, and the initiator names of those dlvs' ihosts. */
    static Leftovers.Rows rowsForDpv(EntityManager em, String dpv) {
        return rows(em, em.createQuery("select l from LegEntity l where l.dpv = :p", LegEntity.class)
                .setParameter("p", dpv).getResultList(), em.createQuery("select r from RetiredLegEntity r where"
                        + " r.dpv = :p", RetiredLegEntity.class).setParameter("p", dpv).getResultList());
    }

    /** These legs' rows, retired or not, their dlvs, and the initiator names of those dlvs' ihosts. */
    static Leftovers.Rows rowsForLegs(EntityManager em, Collection<String> names) {
        if (names.isEmpty()) {
            return rows(em, List.of(), List.of());
        }
        return rows(em, em.createQuery("select l from LegEntity l where l.name in :n", LegEntity.class)
                .setParameter("n", names).getResultList(), em.createQuery("select r from RetiredLegEntity r where"
                        + " r.name in :n", RetiredLegEntity.class).setParameter("n", names).getResultList());
    }

    private static Leftovers.Rows rows(EntityManager em, List<LegEntity> legRows, List<RetiredLegEntity> retiredRows) {
        Map<String, Leftovers.LegRow> legs = new HashMap<>();
        Map<String, String> retired = new HashMap<>();
        Map<String, Leftovers.DlvRow> dlvs = new HashMap<>();
        Map<String, String> initiators = new HashMap<>();
        legRows.forEach(l -> legs.put(l.getName(), new Leftovers.LegRow(l.getName(), l.getDlv(), l.getDpv(),
                l.getStatus())));
        retiredRows.forEach(r -> retired.put(r.getName(), r.getDlv()));
        Set<String> dlvNames = new TreeSet<>();
        legs.values().forEach(l -> dlvNames.add(l.dlv()));
        if (!dlvNames.isEmpty()) {
            for (DlvEntity d : em.createQuery("select d from DlvEntity d where d.name in :n", DlvEntity.class)
                    .setParameter("n", dlvNames).getResultList()) {
                dlvs.put(d.getName(), row(d));
                if (d.getIhost() != null) {
                    IhostEntity ihost = em.find(IhostEntity.class, d.getIhost());
                    if (ihost != null && ihost.getInitiatorIqn() != null) {
                        initiators.put(ihost.getName(), ihost.getInitiatorIqn());
                    }
                }
            }
        }
        return new Leftovers.Rows(dlvs, legs, retired, initiators);
    }
}
