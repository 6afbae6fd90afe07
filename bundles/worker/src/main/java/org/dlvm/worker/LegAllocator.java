package org.dlvm.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.api.DlvmException;
import org.dlvm.api.DomainPolicy;
import org.dlvm.worker.DlvGeometry.MirrorPlan;

/**
 * Places every leg of each mirror on a different dpv (a mirror whose legs share a dpv dies
 * with it; a dlv of one copy keeps each stripe member's legs on one dpv instead) and, where the dvg has enough, in a different failure domain (a rack that loses its
 * power takes every dpv in it); among the dpvs that qualify it prefers those this dlv uses
 * least and, among equals, those with the most space left, so that one dlv's legs spread over
 * the dvg. Pure: it sees the space each dpv has left for new legs and answers which dpv gets
 * each leg, or why none can.
 */
final class LegAllocator {
    private LegAllocator() {
    }

    /** A dpv that may take legs, the bytes it has free for them, and its failure domain (null: its own). */
    record Candidate(String dpv, long freeBytes, String domain) {
        Candidate(String dpv, long freeBytes) {
            this(dpv, freeBytes, null);
        }

        /** A dpv without a domain fails alone: a domain of its own, which no named domain can equal. */
        String domainKey() {
            return domain == null ? "\u0000" + dpv : domain;
        }
    }

    /** The dpvs of one mirror's legs, in leg order. */
    record Placement(MirrorPlan mirror, List<String> dpvs) {
    }

    static List<Placement> place(List<MirrorPlan> mirrors, int replicas, List<Candidate> candidates) {
        return place(mirrors, replicas, candidates, DomainPolicy.preferred);
    }

    static List<Placement> place(List<MirrorPlan> mirrors, int replicas, List<Candidate> candidates, DomainPolicy policy) {
        return place(mirrors, replicas, candidates, policy, Map.of());
    }

    /** {@code memberHomes}: for a dlv of one copy that grows, the dpv that holds each stripe member's legs already. */
    static List<Placement> place(List<MirrorPlan> mirrors, int replicas, List<Candidate> candidates, DomainPolicy policy,
            Map<Integer, String> memberHomes) {
        Map<String, Long> free = new LinkedHashMap<>();
        Map<String, String> domains = new LinkedHashMap<>();
        candidates.stream().sorted(Comparator.comparing(Candidate::dpv)).forEach(c -> {
            free.put(c.dpv(), c.freeBytes());
            domains.put(c.dpv(), c.domainKey());
        });
        Map<String, Integer> used = new LinkedHashMap<>();
        // one copy: a stripe member dies with any dpv it spans, so its legs stay on one dpv where they fit
        Map<Integer, String> memberDpv = new LinkedHashMap<>(memberHomes);
        List<Placement> placements = new ArrayList<>();
        for (MirrorPlan mirror : mirrors) {
            Set<String> taken = new HashSet<>();
            Set<String> takenDomains = new HashSet<>();
            List<String> chosen = new ArrayList<>();
            for (int leg = 0; leg < replicas; leg++) {
                String home = replicas == 1 ? memberDpv.get(mirror.member()) : null;
                String best = home != null && free.getOrDefault(home, 0L) >= mirror.legBytes() ? home
                        : best(mirror.legBytes(), free, used, d -> !taken.contains(d) && !takenDomains.contains(domains.get(d)));
                if (best == null) {
                    String anyDpv = best(mirror.legBytes(), free, used, d -> !taken.contains(d));
                    if (anyDpv == null) {
                        throw DlvmException.conflict("no_space", "the dvg cannot hold a mirror of " + replicas
                                + " legs of " + mirror.legBytes() + " bytes on distinct available dpvs (free bytes per dpv"
                                + " after the legs placed so far: " + free + ")");
                    }
                    if (policy == DomainPolicy.required) {
                        throw DlvmException.conflict("no_failure_domain", "the dvg's domain policy is required, and"
                                + " its available dpvs with room for a leg of " + mirror.legBytes() + " bytes are in fewer"
                                + " than " + replicas + " failure domains (dpv: domain " + domainsOf(candidates)
                                + ")");
                    }
                    best = anyDpv;
                }
                taken.add(best);
                takenDomains.add(domains.get(best));
                chosen.add(best);
                free.put(best, free.get(best) - mirror.legBytes());
                used.merge(best, 1, Integer::sum);
                memberDpv.putIfAbsent(mirror.member(), best);
            }
            placements.add(new Placement(mirror, chosen));
        }
        return placements;
    }

    private static String best(long legBytes, Map<String, Long> free, Map<String, Integer> used,
            java.util.function.Predicate<String> allowed) {
        String best = null;
        for (Map.Entry<String, Long> e : free.entrySet()) {
            if (!allowed.test(e.getKey()) || e.getValue() < legBytes) {
                continue;
            }
            if (best == null || better(e.getKey(), best, free, used)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * The dpv for a repair's new leg of {@code legBytes}: never one of {@code mirrorDpvs} (the
     * mirror's legs, the replaced one included), in a domain none of {@code survivorDomains} has
     * where a candidate offers one, otherwise (policy {@code preferred}) any other dpv; the one
     * with the most space among those.
     */
    static String replacement(long legBytes, List<Candidate> candidates, Set<String> mirrorDpvs,
            Set<String> survivorDomains, DomainPolicy policy) {
        Map<String, Long> free = new LinkedHashMap<>();
        Map<String, String> domains = new LinkedHashMap<>();
        candidates.stream().sorted(Comparator.comparing(Candidate::dpv)).forEach(c -> {
            free.put(c.dpv(), c.freeBytes());
            domains.put(c.dpv(), c.domainKey());
        });
        String best = best(legBytes, free, Map.of(), d -> !mirrorDpvs.contains(d) && !survivorDomains.contains(domains.get(d)));
        if (best != null) {
            return best;
        }
        String anyDpv = best(legBytes, free, Map.of(), d -> !mirrorDpvs.contains(d));
        if (anyDpv == null) {
            throw DlvmException.conflict("no_space", "no available dpv of the dvg outside the mirror (" + new java.util.TreeSet<>(
                    mirrorDpvs) + ") has room for a leg of " + legBytes + " bytes (free bytes per candidate: " + free + ")");
        }
        if (policy == DomainPolicy.required) {
            throw DlvmException.conflict("no_failure_domain", "the dvg's domain policy is required, and no available dpv"
                    + " with room for a leg of " + legBytes + " bytes is outside the failure domains of the mirror's other"
                    + " legs (dpv: domain " + domainsOf(candidates) + ")");
        }
        return anyDpv;
    }

    private static Map<String, String> domainsOf(List<Candidate> candidates) {
        Map<String, String> named = new java.util.TreeMap<>();
        candidates.forEach(c -> named.put(c.dpv(), c.domain() == null ? "(none)" : c.domain()));
        return named;
    }

    private static boolean better(String a, String b, Map<String, Long> free, Map<String, Integer> used) {
        int byUse = Integer.compare(used.getOrDefault(a, 0), used.getOrDefault(b, 0));
        if (byUse != 0) {
            return byUse < 0;
        }
        return free.get(a) > free.get(b);
    }
}
