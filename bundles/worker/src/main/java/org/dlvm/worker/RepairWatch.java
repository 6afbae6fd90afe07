package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Requester;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.health.DlvHealth;
import org.dlvm.worker.health.DlvHealthUpdates;
import org.dlvm.worker.messaging.PeriodicTask;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node's announce cannot do alone, every {@code repair_watch_seconds}, for the degraded
 * dlvs whose ihost is available and that no operation holds:
 * <ul>
 * <li>legs to take back: its restore may assemble the dlv before the ihost's iSCSI session to the
 * dpv has recovered, and dm-raid takes a leg back only once its disk carries I/O, so a dlv with a
 * leg its mirror runs without while the leg's dpv is available gets a {@code dlv-restore} by its
 * ihost (an assembly, which takes such legs back);</li>
 * <li>legs to replace: a leg whose dpv has been silent longer than its dvg's repair window
 * (its {@code repair_after_seconds}, else the controller's),
 * or is being evacuated (then the dlv may be attached), or that its mirror ran without after
 * {@code rejoin_attempts_before_repair} restores within that window (a disk that fails again
 * each time it is taken back), gets a {@code leg-repair} (one per dlv
 * at a time; a repair that stopped half way, its new leg not exported yet, is run again);</li>
 * </ul>
 * each at most once per {@code rejoin_retry_seconds}, counted from the newest such operation's
 * row. And a dpv that is available again with legs repairs retired while it was away gets a
 * {@code retired-legs-delete}.
 */
@Component(service = PeriodicTask.class, configurationPid = ControllerConfig.PID)
public class RepairWatch implements PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(RepairWatch.class);

    private final Store store;
    private final WorkQueue queue;
    private final ControllerConfig config;
    private final Clock clock;

    @Activate
    public RepairWatch(@Reference Store store, @Reference WorkQueue queue, ControllerConfig config) {
        this(store, queue, config, Clock.systemUTC());
    }

    RepairWatch(Store store, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String taskName() {
        return "repair-watch";
    }

    @Override
    public long periodSeconds() {
        return config.repair_watch_seconds();
    }

    @Override
    public void run() {
        long now = clock.millis();
        List<String> started = store.inTransaction(em -> {
            List<String> ids = new ArrayList<>();
            long retrySince = now - config.rejoin_retry_seconds() * 1000;
            for (Degraded d : degraded(em, now)) {
                String dlv = d.dlv().getName();
                String target = OperationKind.DLV_RESTORE.target(dlv);
                if (!Operations.unfinished(em, target).isEmpty()) {
                    continue;
                }
                // a repair first: its assembly takes back what a restore would, and a repair that stopped half
                // way has new legs that no restore can take before they are made and exported
                if (d.toRepair() != null && !startedWithin(em, target, OperationKind.LEG_REPAIR, retrySince)) {
                    String id = Operations.create(em, OperationKind.LEG_REPAIR, dlv, d.toRepair(), Requester.CONTROLLER, now)
                            .getId();
                    LOG.warn("dlv {}: legs {} are replaced by operation {}: {}", dlv, d.toRepair().legs(), id,
                            d.toRepair().reason());
                    ids.add(id);
                } else if (d.toRepair() == null && !d.toTakeBack().isEmpty()
                        && !startedWithin(em, target, OperationKind.DLV_RESTORE, retrySince)) {
                    List<String> made = DlvRestores.toTakeBack(em, dlv, d.dlv().getIhost(), now);
                    if (!made.isEmpty()) {
                        LOG.info("dlv {}: legs {} answer again, operation {} assembles it to take them back", dlv,
                                d.toTakeBack().stream().map(DlvHealth.Leg::name).toList(), made.get(0));
                    }
                    ids.addAll(made);
                }
            }
            ids.addAll(deleteRetired(em, retrySince, now));
            return ids;
        });
        started.forEach(id -> Submission.submit(queue, id));
    }

    /** A degraded dlv, the legs its mirrors could take back, and the repair it needs (null: none). */
    private record Degraded(DlvEntity dlv, List<DlvHealth.Leg> toTakeBack, OperationArgs.LegRepair toRepair) {
    }

    /**
     * Degraded dlvs, and attached ones with legs on an evacuated dpv, on an available ihost, that
     * have legs to take back or to replace.
     */
    private List<Degraded> degraded(EntityManager em, long now) {
        Set<String> draining = Set.copyOf(em.createQuery("select d.name from DpvEntity d where d.draining = true",
                String.class).getResultList());
        List<DlvEntity> degraded = em.createQuery("select d from DlvEntity d where d.ihost is not null and (d.status = :s"
                + " or (d.status = :a and exists (select l from LegEntity l, DpvEntity p where l.dlv = d.name"
                + " and l.dpv = p.name and p.draining = true)))", DlvEntity.class)
                .setParameter("s", DlvStatus.degraded.name()).setParameter("a", DlvStatus.attached.name()).getResultList()
                .stream().filter(d -> ihostAvailable(em, d.getIhost())).toList();
        List<Degraded> out = new ArrayList<>();
        if (degraded.isEmpty()) {
            return out;
        }
        List<String> names = degraded.stream().map(DlvEntity::getName).toList();
        DlvHealthUpdates.Facts facts = DlvHealthUpdates.facts(em, names);
        // the unavailable dpvs' rows are in this transaction's context already (facts read them)
        Map<String, Long> lastSeen = new HashMap<>();
        for (String dpv : facts.unavailableDpvs().keySet()) {
            DpvEntity row = em.find(DpvEntity.class, dpv);
            if (row != null && row.getLastSeen() != null) {
                lastSeen.put(dpv, row.getLastSeen());
            }
        }
        // a repair's new legs: being rebuilt, and (not exported yet) what a repair that stopped half way left
        Set<String> rebuilding = new java.util.HashSet<>();
        Map<String, LegEntity> halfDone = new HashMap<>();
        for (LegEntity l : em.createQuery("select l from LegEntity l where l.dlv in :d and l.replaces is not null",
                LegEntity.class).setParameter("d", names).getResultList()) {
            rebuilding.add(l.getName());
            if (!LegEntity.EXPORTED.equals(l.getStatus())) {
                halfDone.putIfAbsent(l.getDlv(), l);
            }
        }
        Map<String, Long> windows = new HashMap<>();
        for (Object[] row : em.createQuery("select g.name, g.repairAfterSeconds from DvgEntity g where g.name in :n",
                Object[].class).setParameter("n", degraded.stream().map(DlvEntity::getDvg).distinct().toList())
                .getResultList()) {
            if (row[1] != null) {
                windows.put((String) row[0], ((Number) row[1]).longValue());
            }
        }
        for (DlvEntity d : degraded) {
            // the dvg's own window where it has one
            long window = windows.getOrDefault(d.getDvg(), config.repair_after_seconds());
            long since = now - window * 1000;
            List<DlvHealth.Leg> legs = facts.legs().getOrDefault(d.getName(), List.of());
            Map<String, DlvHealth.Mirror> mirrors = facts.mirrors().getOrDefault(d.getName(), Map.of());
            List<DlvHealth.Leg> back = DlvHealth.toTakeBack(legs, mirrors, facts.unavailableDpvs());
            OperationArgs.LegRepair repair = null;
            LegEntity resume = halfDone.get(d.getName());
            if (resume != null) {
                repair = new OperationArgs.LegRepair(List.of(resume.getReplaces()), "the repair that made leg "
                        + resume.getName() + " stopped before it was exported");
            } else {
                long restores = back.isEmpty() ? 0 : restoresSinceLastRepair(em, d.getName(), since);
                Set<String> givenUp = restores >= config.rejoin_attempts_before_repair()
                        ? back.stream().map(DlvHealth.Leg::name).collect(java.util.stream.Collectors.toSet())
                        : Set.of();
                List<DlvHealth.Leg> lost = DlvHealth.toReplace(legs, mirrors, facts.unavailableDpvs(), lastSeen, since,
                        rebuilding, l -> draining.contains(l.dpv()) || givenUp.contains(l.name()));
                if (!lost.isEmpty()) {
                    repair = new OperationArgs.LegRepair(lost.stream().map(DlvHealth.Leg::name).toList(), String.join("; ",
                            lost.stream().map(l -> draining.contains(l.dpv()) ? "dpv " + l.dpv() + " is evacuated"
                                    : givenUp.contains(l.name()) ? "leg " + l.name() + " on dpv " + l.dpv()
                                            + " failed in its mirror and did not rejoin after " + restores
                                            + " restores within " + window + " s"
                                    : "dpv " + l.dpv() + " unavailable for more than " + window + " s ("
                                            + facts.unavailableDpvs().get(l.dpv()) + ")").distinct().toList()));
                }
            }
            if (!back.isEmpty() || repair != null) {
                out.add(new Degraded(d, back, repair));
            }
        }
        return out;
    }

    /**
     * One retired-legs-delete per available dpv that holds retired legs; the rows of legs whose dpv
     * was removed go (nothing is left to delete them from).
     */
    private static List<String> deleteRetired(EntityManager em, long retrySince, long now) {
        List<String> ids = new ArrayList<>();
        List<String> dpvs = em.createQuery("select distinct r.dpv from RetiredLegEntity r", String.class).getResultList();
        for (String name : dpvs) {
            DpvEntity dpv = em.find(DpvEntity.class, name);
            if (dpv == null) {
                em.createQuery("delete from RetiredLegEntity r where r.dpv = :p").setParameter("p", name).executeUpdate();
                continue;
            }
            String target = OperationKind.RETIRED_LEGS_DELETE.target(name);
            if (!NodeStatus.available.name().equals(dpv.getStatus()) || !Operations.unfinished(em, target).isEmpty()
                    || startedWithin(em, target, OperationKind.RETIRED_LEGS_DELETE, retrySince)) {
                continue;
            }
            ids.add(Operations.create(em, OperationKind.RETIRED_LEGS_DELETE, name, new OperationArgs.RetiredLegsDelete(),
                    Requester.CONTROLLER, now).getId());
        }
        return ids;
    }

    private static boolean ihostAvailable(EntityManager em, String ihost) {
        IhostEntity i = em.find(IhostEntity.class, ihost);
        return i != null && NodeStatus.available.name().equals(i.getStatus());
    }

    /**
     * The dlv's restores since {@code since} and since its newest repair (a leg that flapped was
     * replaced then: the count starts again for the next).
     */
    private static long restoresSinceLastRepair(EntityManager em, String dlv, long since) {
        String target = OperationKind.DLV_RESTORE.target(dlv);
        Long repaired = em.createQuery("select max(o.createdAt) from OperationEntity o where o.target = :t and o.kind = :k",
                Long.class).setParameter("t", OperationKind.LEG_REPAIR.target(dlv))
                .setParameter("k", OperationKind.LEG_REPAIR.wireName).getSingleResult();
        return startedSince(em, target, OperationKind.DLV_RESTORE, repaired == null ? since : Math.max(since, repaired));
    }

    private static boolean startedWithin(EntityManager em, String target, OperationKind kind, long since) {
        return startedSince(em, target, kind, since) > 0;
    }

    private static long startedSince(EntityManager em, String target, OperationKind kind, long since) {
        return em.createQuery("select count(o) from OperationEntity o where o.target = :t and o.kind = :k"
                + " and o.createdAt > :since", Long.class).setParameter("t", target).setParameter("k", kind.wireName)
                .setParameter("since", since).getSingleResult();
    }
}
