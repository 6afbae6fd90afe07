package org.dlvm.worker.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvState;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.MirrorState;
import org.dlvm.api.NodeStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.MirrorStateEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps served dlvs' statuses following the facts ({@link DlvHealth}): an ihost's report of its
 * mirrors, a dpv or an ihost changing availability. Called inside the caller's transaction and
 * without a lock: the status is written by one conditional update that takes effect only while
 * the dlv is still served, so it never overwrites what an operation in flight has set.
 */
public final class DlvHealthUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(DlvHealthUpdates.class);

    private DlvHealthUpdates() {
    }

    /**
     * Writes what ihost {@code ihost} reports of the dlvs it holds, then judges them. A report
     * of a dlv not served by this ihost (taken before a detach, or from an ihost the dlv left)
     * is dropped.
     */
    public static void report(EntityManager em, String ihost, List<DlvState> states, long now) {
        if (states == null || states.isEmpty()) {
            return;
        }
        Map<String, DlvState> byDlv = new HashMap<>();
        states.forEach(s -> byDlv.put(s.dlv(), s));
        List<DlvEntity> served = em.createQuery("select d from DlvEntity d where d.name in :n and d.ihost = :i",
                DlvEntity.class).setParameter("n", List.copyOf(byDlv.keySet())).setParameter("i", ihost).getResultList()
                .stream().filter(d -> DlvHealth.isServed(d.getStatus())).toList();
        Map<String, String> problems = new HashMap<>();
        // the rows the ihost reported before, in one query rather than a lookup per mirror
        Map<String, MirrorStateEntity> rows = new HashMap<>();
        if (!served.isEmpty()) {
            em.createQuery("select m from MirrorStateEntity m where m.dlv in :d", MirrorStateEntity.class)
                    .setParameter("d", served.stream().map(DlvEntity::getName).toList()).getResultList()
                    .forEach(m -> rows.put(m.getId(), m));
        }
        // the dlvs with a mirror that is in sync now and was not at the last report (or named other legs)
        Set<String> newlyInSync = new HashSet<>();
        for (DlvEntity dlv : served) {
            DlvState state = byDlv.get(dlv.getName());
            for (MirrorState m : state.mirrors()) {
                String id = MirrorStateEntity.id(dlv.getName(), m.member(), m.kind(), m.mirror());
                MirrorStateEntity row = rows.get(id);
                boolean wasInSync = row != null && inSync(row.getLegs(), row.getSyncAction(), row.getSyncedSectors(),
                        row.getTotalSectors()) && java.util.Objects.equals(row.getLegNames(), m.legNames());
                if (!wasInSync && inSync(m.legs(), m.syncAction(), m.syncedSectors(), m.totalSectors())) {
                    newlyInSync.add(dlv.getName());
                }
                if (row == null) {
                    row = new MirrorStateEntity(dlv.getName(), m.member(), m.kind(), m.mirror());
                    row.report(ihost, m.legs(), m.legNames(), m.syncedSectors(), m.totalSectors(), m.syncAction(), now);
                    em.persist(row);
                } else {
                    row.report(ihost, m.legs(), m.legNames(), m.syncedSectors(), m.totalSectors(), m.syncAction(), now);
                }
            }
            if (state.problem() != null) {
                problems.put(dlv.getName(), "ihost " + ihost + " reports: " + state.problem());
            }
        }
        rebuilt(em, newlyInSync, byDlv);
        judge(em, served, problems, now);
    }

    /**
     * A repair's new leg is rebuilt once its mirror reports every leg in sync and no copy running:
     * it no longer {@code replaces} anything (the ihost stops looking for the old leg's session, and
     * its dpv may take another repair). Asked only for dlvs with a mirror that came in sync with this
     * report, so a steady heartbeat costs no query.
     */
    private static void rebuilt(EntityManager em, Set<String> dlvs, Map<String, DlvState> byDlv) {
        if (dlvs.isEmpty()) {
            return;
        }
        for (LegEntity leg : em.createQuery("select l from LegEntity l where l.dlv in :d and l.replaces is not null",
                LegEntity.class).setParameter("d", List.copyOf(dlvs)).getResultList()) {
            for (MirrorState m : byDlv.get(leg.getDlv()).mirrors()) {
                // a report from before the ihost took the new leg says nothing of its copy
                if (m.member() == leg.getMember() && m.kind().equals(leg.getKind()) && m.mirror() == leg.getMirror()
                        && m.legNames() != null && m.legNames().contains(leg.getName())
                        && inSync(m.legs(), m.syncAction(), m.syncedSectors(), m.totalSectors())) {
                    LOG.info("dlv {}: leg {} is rebuilt in place of leg {}", leg.getDlv(), leg.getName(), leg.getReplaces());
                    leg.setReplaces(null);
                }
            }
        }
    }

    private static boolean inSync(String legs, String syncAction, long syncedSectors, long totalSectors) {
        return legs != null && !legs.isEmpty() && legs.chars().allMatch(c -> c == 'A') && "idle".equals(syncAction)
                && syncedSectors >= totalSectors;
    }

    /** A dpv turned available or unavailable: the served dlvs with a leg on it. */
    public static void dpvChanged(EntityManager em, String dpv, long now) {
        List<String> names = em.createQuery("select distinct l.dlv from LegEntity l where l.dpv = :p", String.class)
                .setParameter("p", dpv).getResultList();
        judge(em, served(em, names), Map.of(), now);
    }

    /** An ihost turned available or unavailable: the dlvs it serves. */
    public static void ihostChanged(EntityManager em, String ihost, long now) {
        judge(em, em.createQuery("select d from DlvEntity d where d.ihost = :i", DlvEntity.class).setParameter("i", ihost)
                .getResultList().stream().filter(d -> DlvHealth.isServed(d.getStatus())).toList(), Map.of(), now);
    }

    /** The ihost's agent (re)started: every report it made of its mirrors goes. */
    public static void forgetReportsOf(EntityManager em, String ihost) {
        em.createQuery("delete from MirrorStateEntity m where m.ihost = :i").setParameter("i", ihost).executeUpdate();
    }

    /** The dlv is no longer served (detached, deleted): its ihost's old reports go. */
    public static void forget(EntityManager em, String dlv) {
        em.createQuery("delete from MirrorStateEntity m where m.dlv = :d").setParameter("d", dlv).executeUpdate();
    }

    /** What the views show: per dlv, its mirrors' last reports by {@link DlvHealth#mirrorKey}. */
    public static Map<String, Map<String, DlvHealth.Mirror>> mirrors(EntityManager em, Collection<String> dlvs) {
        Map<String, Map<String, DlvHealth.Mirror>> byDlv = new HashMap<>();
        if (dlvs.isEmpty()) {
            return byDlv;
        }
        for (MirrorStateEntity m : em.createQuery("select m from MirrorStateEntity m where m.dlv in :d",
                MirrorStateEntity.class).setParameter("d", List.copyOf(dlvs)).getResultList()) {
            byDlv.computeIfAbsent(m.getDlv(), k -> new HashMap<>()).put(DlvHealth.mirrorKey(m.getMember(), m.getKind(),
                    m.getMirror()), new DlvHealth.Mirror(m.getLegs(), m.getSyncedSectors(), m.getTotalSectors(),
                            m.getSyncAction(), m.getLegNames()));
        }
        return byDlv;
    }

    /** dpv → why it is not available, for the dpvs named. */
    public static Map<String, String> unavailableDpvs(EntityManager em, Collection<String> dpvs) {
        Map<String, String> unavailable = new HashMap<>();
        if (dpvs.isEmpty()) {
            return unavailable;
        }
        for (DpvEntity d : em.createQuery("select d from DpvEntity d where d.name in :n", DpvEntity.class)
                .setParameter("n", List.copyOf(dpvs)).getResultList()) {
            if (!NodeStatus.available.name().equals(d.getStatus())) {
                unavailable.put(d.getName(), d.getReason() == null ? "no reason given" : d.getReason());
            }
        }
        dpvs.stream().filter(n -> !unavailable.containsKey(n) && em.find(DpvEntity.class, n) == null)
                .forEach(n -> unavailable.put(n, "it was removed"));
        return unavailable;
    }

    /** What the dlvs' health is judged from: legs by dlv, the unavailable dpvs among theirs, mirror reports by dlv. */
    public record Facts(Map<String, List<DlvHealth.Leg>> legs, Map<String, String> unavailableDpvs,
            Map<String, Map<String, DlvHealth.Mirror>> mirrors) {
    }

    /** Three queries whatever the number of dlvs. */
    public static Facts facts(EntityManager em, List<String> dlvs) {
        Map<String, List<DlvHealth.Leg>> legs = new HashMap<>();
        if (dlvs.isEmpty()) {
            return new Facts(legs, Map.of(), Map.of());
        }
        Set<String> dpvs = new HashSet<>();
        for (LegEntity l : em.createQuery("select l from LegEntity l where l.dlv in :d", LegEntity.class)
                .setParameter("d", dlvs).getResultList()) {
            legs.computeIfAbsent(l.getDlv(), k -> new ArrayList<>()).add(leg(l));
            dpvs.add(l.getDpv());
        }
        return new Facts(legs, unavailableDpvs(em, dpvs), mirrors(em, dlvs));
    }

    public static DlvHealth.Leg leg(LegEntity l) {
        return new DlvHealth.Leg(l.getName(), l.getMember(), l.getKind(), l.getMirror(), l.getPosition(), l.getDpv());
    }

    private static List<DlvEntity> served(EntityManager em, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select d from DlvEntity d where d.name in :n", DlvEntity.class).setParameter("n", names)
                .getResultList().stream().filter(d -> DlvHealth.isServed(d.getStatus())).toList();
    }

    private static void judge(EntityManager em, List<DlvEntity> dlvs, Map<String, String> problems, long now) {
        if (dlvs.isEmpty()) {
            return;
        }
        Facts facts = facts(em, dlvs.stream().map(DlvEntity::getName).toList());
        Map<String, List<DlvHealth.Leg>> legs = facts.legs();
        Map<String, String> unavailable = facts.unavailableDpvs();
        Map<String, Map<String, DlvHealth.Mirror>> mirrors = facts.mirrors();
        Map<String, String> ihostProblems = new HashMap<>();
        for (DlvEntity dlv : dlvs) {
            String ihostProblem = problems.get(dlv.getName());
            if (ihostProblem == null && dlv.getIhost() != null) {
                ihostProblem = ihostProblems.computeIfAbsent(dlv.getIhost(), i -> ihostProblem(em, i));
            }
            if (ihostProblem == null && !mirrors.containsKey(dlv.getName())) {
                // after its agent restarted, until the dlv's restore assembled it and a report came
                ihostProblem = "ihost " + dlv.getIhost() + " has not reported the dlv's mirrors yet";
            }
            DlvHealth.Verdict verdict = DlvHealth.derive(legs.getOrDefault(dlv.getName(), List.of()),
                    mirrors.getOrDefault(dlv.getName(), Map.of()), unavailable, ihostProblem);
            if (verdict.status().name().equals(dlv.getStatus()) && java.util.Objects.equals(verdict.reason(), dlv.getReason())) {
                continue;
            }
            int changed = em.createQuery("update DlvEntity d set d.status = :s, d.reason = :r, d.updatedAt = :t"
                    + " where d.name = :n and d.status in :served").setParameter("s", verdict.status().name())
                    .setParameter("r", truncate(verdict.reason())).setParameter("t", now).setParameter("n", dlv.getName())
                    .setParameter("served", List.of(DlvStatus.attached.name(), DlvStatus.degraded.name())).executeUpdate();
            if (changed == 1 && !verdict.status().name().equals(dlv.getStatus())) {
                LOG.warn("dlv {} is {}{}", dlv.getName(), verdict.status(),
                        verdict.reason() == null ? " again: every mirror is in sync" : ": " + verdict.reason());
            }
        }
    }

    private static String ihostProblem(EntityManager em, String ihost) {
        IhostEntity i = em.find(IhostEntity.class, ihost);
        if (i == null) {
            return "ihost " + ihost + " was removed";
        }
        return NodeStatus.available.name().equals(i.getStatus()) ? null
                : "ihost " + ihost + " is unavailable (" + (i.getReason() == null ? "no reason given" : i.getReason()) + ")";
    }

    /** The reason column's bound (a dlv with hundreds of failed legs says the first ones). */
    static String truncate(String reason) {
        return DlvEntity.bounded(reason);
    }
}
