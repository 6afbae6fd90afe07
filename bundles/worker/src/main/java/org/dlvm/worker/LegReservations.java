package org.dlvm.worker;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.dlvm.api.NodeStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.DvgEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.DlvGeometry.MirrorPlan;
import org.dlvm.worker.LegAllocator.Candidate;
import org.dlvm.worker.LegAllocator.Placement;

/**
 * Turns mirror plans into leg rows on the dvg's available dpvs, inside the caller's
 * transaction: the space is promised before any dpv is asked, so two requests never count on
 * the same free bytes.
 */
final class LegReservations {
    private final SecureRandom random = new SecureRandom();

    /**
     * A dpv's free size minus the legs allocated on it but not created yet is what it can still take.
     * The caller holds the dvg's row lock (DlvRegistry), so no other reservation, reduce or extend of
     * this dvg runs meanwhile. Answers the legs it made.
     */
    List<LegEntity> reserve(EntityManager em, DlvEntity dlv, List<MirrorPlan> mirrors, long now) {
        List<LegEntity> made = new ArrayList<>();
        for (Placement placement : LegAllocator.place(mirrors, dlv.getReplicas(), candidates(em, dlv.getDvg()),
                domainPolicy(em, dlv.getDvg()), dlv.getReplicas() == 1 ? memberHomes(em, dlv.getName()) : Map.of())) {
            MirrorPlan m = placement.mirror();
            for (int position = 0; position < placement.dpvs().size(); position++) {
                made.add(newLeg(em, dlv.getName(), m.member(), m.kind(), m.mirror(), position,
                        placement.dpvs().get(position), m.legBytes(), now));
            }
        }
        return made;
    }

    /** Each stripe member's dpv: where its first leg is (a one-copy dlv's new legs join it there). */
    private static Map<Integer, String> memberHomes(EntityManager em, String dlv) {
        Map<Integer, String> homes = new HashMap<>();
        for (LegEntity leg : em.createQuery("select l from LegEntity l where l.dlv = :d order by l.createdAt, l.name",
                LegEntity.class).setParameter("d", dlv).getResultList()) {
            homes.putIfAbsent(leg.getMember(), leg.getDpv());
        }
        return homes;
    }

    /**
     * A repair's new leg in place of {@code old}, on an available dpv of the dvg that holds no
     * leg of the mirror and takes part in fewer than {@code perDpv} other repairs: same member, kind,
     * mirror, position and size; never fresh (its mirror has data to copy into it).
     */
    LegEntity replacement(EntityManager em, DlvEntity dlv, LegEntity old, List<LegEntity> survivors, int perDpv,
            long now) {
        Map<String, Long> repairs = LegRows.repairsPerDpv(em, dlv.getName());
        List<Candidate> candidates = candidates(em, dlv.getDvg()).stream()
                .filter(c -> repairs.getOrDefault(c.dpv(), 0L) < perDpv).toList();
        Set<String> mirrorDpvs = new HashSet<>(List.of(old.getDpv()));
        survivors.forEach(l -> mirrorDpvs.add(l.getDpv()));
        Map<String, String> domains = new HashMap<>();
        for (Object[] d : em.createQuery("select d.name, d.failureDomain from DpvEntity d where d.name in :n",
                Object[].class).setParameter("n", List.copyOf(mirrorDpvs)).getResultList()) {
            domains.put((String) d[0], new Candidate((String) d[0], 0, (String) d[1]).domainKey());
        }
        Set<String> survivorDomains = new HashSet<>();
        survivors.forEach(l -> survivorDomains.add(domains.getOrDefault(l.getDpv(), new Candidate(l.getDpv(), 0)
                .domainKey())));
        String dpv = LegAllocator.replacement(old.getSize(), candidates, mirrorDpvs, survivorDomains,
                domainPolicy(em, dlv.getDvg()));
        LegEntity leg = newLeg(em, dlv.getName(), old.getMember(), old.getKind(), old.getMirror(), old.getPosition(), dpv,
                old.getSize(), now);
        leg.setFresh(false);
        leg.setReplaces(old.getName());
        return leg;
    }

    /** The dvg's available dpvs with what each can still take: its free size minus the legs allocated there. */
    private static List<Candidate> candidates(EntityManager em, String dvg) {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Long> reserved = LegRows.reservedBytes(em);
        // names and sizes only: a dvg of a thousand dpvs would otherwise load a thousand entities per create
        for (Object[] dpv : em.createQuery("select d.name, d.freeSize, d.failureDomain from DpvEntity d where d.dvg = :g"
                + " and d.status = :s and d.address is not null and (d.draining is null or d.draining = false)",
                Object[].class).setParameter("g", dvg)
                .setParameter("s", NodeStatus.available.name()).getResultList()) {
            String name = (String) dpv[0];
            candidates.add(new Candidate(name, ((Number) dpv[1]).longValue() - reserved.getOrDefault(name, 0L),
                    (String) dpv[2]));
        }
        return candidates;
    }

    private static org.dlvm.api.DomainPolicy domainPolicy(EntityManager em, String dvgName) {
        DvgEntity dvg = em.find(DvgEntity.class, dvgName);
        return Views.domainPolicy(dvg == null ? null : dvg.getDomainPolicy());
    }

    private LegEntity newLeg(EntityManager em, String dlv, int member, String kind, int mirror, int position, String dpv,
            long bytes, long now) {
        String legName = newLegName();
        LegEntity leg = new LegEntity(legName, dlv, member, kind, mirror, position, dpv, bytes, "dlvm-" + legName,
                newSecret(), now);
        em.persist(leg);
        return leg;
    }

    /** Leg names are the leg's id on every node (LV, linears, target): short, lower case, unique. */
    private String newLegName() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "l" + HexFormat.of().formatHex(bytes);
    }

    /** A CHAP secret per target: 16 characters, what RFC 3720 initiators expect at most. */
    private String newSecret() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
