package org.dlvm.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.dlvm.store.LegEntity;

/**
 * What the leg rows say about dpvs: how many legs each holds and how much space is promised to
 * legs not made yet. Counts are derived here, in the caller's transaction, and never stored, so
 * a guard that reads them sees exactly the rows the same transaction sees.
 */
final class LegRows {
    private LegRows() {
    }

    static long on(EntityManager em, String dpv) {
        return em.createQuery("select count(l) from LegEntity l where l.dpv = :p", Long.class).setParameter("p", dpv)
                .getSingleResult();
    }

    /** Legs per dpv, for those of {@code dpvs} that hold any. */
    static Map<String, Long> perDpv(EntityManager em, List<String> dpvs) {
        Map<String, Long> counts = new HashMap<>();
        if (dpvs.isEmpty()) {
            return counts;
        }
        for (Object[] row : em.createQuery("select l.dpv, count(l) from LegEntity l where l.dpv in :d group by l.dpv",
                Object[].class).setParameter("d", dpvs).getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /**
     * Space promised to legs that their dpv has not made yet (its reported free size does not count
     * it), per dpv that has any: one query for every candidate of a create.
     */
    static Map<String, Long> reservedBytes(EntityManager em) {
        Map<String, Long> reserved = new HashMap<>();
        for (Object[] row : em.createQuery("select l.dpv, sum(l.size) from LegEntity l where l.status = :s group by l.dpv",
                Object[].class).setParameter("s", LegEntity.ALLOCATED).getResultList()) {
            reserved.put((String) row[0], ((Number) row[1]).longValue());
        }
        return reserved;
    }

    /**
     * Repairs under way per dpv that has any: the dlvs other than {@code dlv} with legs being rebuilt
     * on it (a repair's new legs whose mirrors are not in sync yet).
     */
    static Map<String, Long> repairsPerDpv(EntityManager em, String dlv) {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("select l.dpv, count(distinct l.dlv) from LegEntity l where l.replaces is not"
                + " null and l.dlv <> :d group by l.dpv", Object[].class).setParameter("d", dlv).getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    static List<String> dlvsOn(EntityManager em, String dpv) {
        return em.createQuery("select distinct l.dlv from LegEntity l where l.dpv = :p order by l.dlv", String.class)
                .setParameter("p", dpv).setMaxResults(10).getResultList().stream().toList();
    }
}
