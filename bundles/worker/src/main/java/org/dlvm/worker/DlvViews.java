package org.dlvm.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.Snapshot;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.SnapshotEntity;
import org.dlvm.worker.health.DlvHealth;
import org.dlvm.worker.health.DlvHealthUpdates;

/** A dlv's rows read together and turned into the API's records. */
final class DlvViews {
    private DlvViews() {
    }

    /** Stripe member, meta before data, mirror, position in the mirror. */
    private static final Comparator<LegEntity> LAYOUT_ORDER = Comparator.comparingInt(LegEntity::getMember)
            .thenComparing(LegEntity::getKind, Comparator.reverseOrder()).thenComparingInt(LegEntity::getMirror)
            .thenComparingInt(LegEntity::getPosition);

    static List<LegEntity> legs(EntityManager em, String dlv) {
        return em.createQuery("select l from LegEntity l where l.dlv = :d", LegEntity.class).setParameter("d", dlv)
                .getResultList().stream().sorted(LAYOUT_ORDER).toList();
    }

    static List<SnapshotEntity> snapshots(EntityManager em, String dlv) {
        return em.createQuery("select s from SnapshotEntity s where s.dlv = :d order by s.createdAt, s.name", SnapshotEntity.class)
                .setParameter("d", dlv).getResultList();
    }

    static int mirrorCount(List<LegEntity> legs, int member, String kind) {
        return (int) legs.stream().filter(l -> l.getMember() == member && kind.equals(l.getKind()))
                .mapToInt(LegEntity::getMirror).distinct().count();
    }

    static Dlv dlv(EntityManager em, DlvEntity d) {
        return dlvs(em, List.of(d)).get(0);
    }

    /** The views of a page of dlvs: their legs and snapshots in one query each, not two per dlv. */
    static List<Dlv> dlvs(EntityManager em, List<DlvEntity> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<String> names = page.stream().map(DlvEntity::getName).toList();
        Map<String, List<LegEntity>> legs = new HashMap<>();
        em.createQuery("select l from LegEntity l where l.dlv in :d", LegEntity.class).setParameter("d", names)
                .getResultList().forEach(l -> legs.computeIfAbsent(l.getDlv(), k -> new ArrayList<>()).add(l));
        Map<String, List<String>> snapshots = new HashMap<>();
        em.createQuery("select s from SnapshotEntity s where s.dlv in :d order by s.createdAt, s.name", SnapshotEntity.class)
                .setParameter("d", names).getResultList()
                .forEach(s -> snapshots.computeIfAbsent(s.getDlv(), k -> new ArrayList<>()).add(s.getName()));
        // health is shown for served dlvs only: an old report says nothing of a detached one
        List<String> served = page.stream().filter(d -> DlvHealth.isServed(d.getStatus())).map(DlvEntity::getName).toList();
        Map<String, Map<String, DlvHealth.Mirror>> mirrors = DlvHealthUpdates.mirrors(em, served);
        Map<String, String> unavailable = DlvHealthUpdates.unavailableDpvs(em, served.stream()
                .flatMap(n -> legs.getOrDefault(n, List.of()).stream()).map(LegEntity::getDpv).distinct().toList());
        Map<String, String> domains = failureDomains(em, legs.values().stream().flatMap(List::stream)
                .map(LegEntity::getDpv).distinct().toList());
        return page.stream().map(d -> dlv(d, legs.getOrDefault(d.getName(), List.of()),
                snapshots.getOrDefault(d.getName(), List.of()), served.contains(d.getName())
                        ? new Health(mirrors.getOrDefault(d.getName(), Map.of()), unavailable, domains)
                        : new Health(Map.of(), Map.of(), domains))).toList();
    }

    /** dpv → its failure domain, for the dpvs named that have one. */
    private static Map<String, String> failureDomains(EntityManager em, List<String> dpvs) {
        Map<String, String> domains = new HashMap<>();
        if (!dpvs.isEmpty()) {
            for (Object[] row : em.createQuery("select d.name, d.failureDomain from DpvEntity d where d.name in :n"
                    + " and d.failureDomain is not null", Object[].class).setParameter("n", dpvs).getResultList()) {
                domains.put((String) row[0], (String) row[1]);
            }
        }
        return domains;
    }

    /** What the nodes report, for the view: the dlv's mirrors, the dpvs not available, the dpvs' domains. */
    record Health(Map<String, DlvHealth.Mirror> mirrors, Map<String, String> unavailableDpvs, Map<String, String> domains) {
        static final Health NONE = new Health(Map.of(), Map.of(), Map.of());
    }

    /** The view of a dlv whose rows the caller has at hand (a create has just made its legs): no health yet. */
    static Dlv dlv(DlvEntity d, List<LegEntity> unordered, List<String> snapshots) {
        return dlv(d, unordered, snapshots, Health.NONE);
    }

    private static Dlv dlv(DlvEntity d, List<LegEntity> unordered, List<String> snapshots, Health health) {
        Map<String, List<LegEntity>> mirrors = new TreeMap<>();
        List<LegEntity> legs = unordered.stream().sorted(LAYOUT_ORDER).toList();
        for (LegEntity leg : legs) {
            mirrors.computeIfAbsent(String.format("%05d-%s-%05d", leg.getMember(), "meta".equals(leg.getKind()) ? "a" : "b",
                    leg.getMirror()), k -> new ArrayList<>()).add(leg);
        }
        List<DlvGroup> groups = new ArrayList<>();
        for (List<LegEntity> mirror : mirrors.values()) {
            LegEntity first = mirror.get(0);
            DlvHealth.Mirror reported = health.mirrors().get(DlvHealth.mirrorKey(first.getMember(), first.getKind(),
                    first.getMirror()));
            groups.add(new DlvGroup(groups.size(), first.getMember(), first.getKind(),
                    DlvGeometry.carriedBytes(first.getSize()),
                    mirror.stream().map(l -> new DlvLeg(l.getName(), l.getDpv(), l.getSize(), l.getStatus(),
                            DlvHealth.legHealth(DlvHealthUpdates.leg(l), health.mirrors(), health.unavailableDpvs()),
                            health.domains().get(l.getDpv())))
                            .toList(),
                    reported == null ? null : reported.legs(), reported == null ? null : reported.syncAction(),
                    reported == null ? null : DlvHealth.percent(reported)));
        }
        boolean served = DlvStatus.attached.name().equals(d.getStatus()) || DlvStatus.degraded.name().equals(d.getStatus());
        return new Dlv(d.getName(), d.getDvg(), d.getSize(), d.getDataSize(), d.getStripeNumber(), d.getReplicas(),
                DlvStatus.valueOf(d.getStatus()), d.getReason(), d.getIhost(), served ? d.getDevicePath() : null, snapshots,
                groups, Times.iso(d.getCreatedAt()), Times.iso(d.getUpdatedAt()), d.getRevertSnapshot(),
                d.getCloneSourceDlv(), d.getCloneSourceSnapshot(), d.getCloneCopiedBytes(), d.getCloneTotalBytes(),
                d.getCloneTotalBytes() == null ? null
                        : new org.dlvm.api.Progress(d.getCloneCopiedBytes(), d.getCloneTotalBytes()).percent());
    }

    static Snapshot snapshot(SnapshotEntity s) {
        return new Snapshot(s.getName(), s.getDlv(), s.getStatus(), Times.iso(s.getCreatedAt()));
    }
}
