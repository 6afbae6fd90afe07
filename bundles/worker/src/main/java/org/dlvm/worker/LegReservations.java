package org.dlvm.worker;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Long> reserved = LegRows.reservedBytes(em);
        // names and sizes only: a dvg of a thousand dpvs would otherwise load a thousand entities per create
        for (Object[] dpv : em.createQuery("select d.name, d.freeSize, d.failureDomain from DpvEntity d where d.dvg = :g"
                + " and d.status = :s and d.address is not null", Object[].class).setParameter("g", dlv.getDvg())
                .setParameter("s", NodeStatus.available.name()).getResultList()) {
            String name = (String) dpv[0];
            candidates.add(new Candidate(name, ((Number) dpv[1]).longValue() - reserved.getOrDefault(name, 0L),
                    (String) dpv[2]));
        }
        DvgEntity dvg = em.find(DvgEntity.class, dlv.getDvg());
        List<LegEntity> made = new ArrayList<>();
        for (Placement placement : LegAllocator.place(mirrors, dlv.getReplicas(), candidates,
                Views.domainPolicy(dvg == null ? null : dvg.getDomainPolicy()))) {
            MirrorPlan m = placement.mirror();
            for (int position = 0; position < placement.dpvs().size(); position++) {
                String legName = newLegName();
                String dpvName = placement.dpvs().get(position);
                LegEntity leg = new LegEntity(legName, dlv.getName(), m.member(), m.kind(), m.mirror(), position, dpvName,
                        m.legBytes(), "dlvm-" + legName, newSecret(), now);
                em.persist(leg);
                made.add(leg);
            }
        }
        return made;
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
