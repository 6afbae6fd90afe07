package org.dlvm.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.api.DlvmException;
import org.dlvm.worker.DlvGeometry.MirrorPlan;

/**
 * Places every leg of each mirror on a different dpv (a mirror whose legs share a dpv dies
 * with it), preferring the dpvs this dlv uses least and, among equals, those with the most
 * space left, so that one dlv's legs spread over the dvg. Pure: it sees the space each dpv
 * has left for new legs and answers which dpv gets each leg, or why none can.
 */
final class LegAllocator {
    private LegAllocator() {
    }

    /** A dpv that may take legs and the bytes it has free for them. */
    record Candidate(String dpv, long freeBytes) {
    }

    /** The dpvs of one mirror's legs, in leg order. */
    record Placement(MirrorPlan mirror, List<String> dpvs) {
    }

    static List<Placement> place(List<MirrorPlan> mirrors, int replicas, List<Candidate> candidates) {
        Map<String, Long> free = new LinkedHashMap<>();
        candidates.stream().sorted(Comparator.comparing(Candidate::dpv)).forEach(c -> free.put(c.dpv(), c.freeBytes()));
        Map<String, Integer> used = new LinkedHashMap<>();
        List<Placement> placements = new ArrayList<>();
        for (MirrorPlan mirror : mirrors) {
            Set<String> taken = new HashSet<>();
            List<String> chosen = new ArrayList<>();
            for (int leg = 0; leg < replicas; leg++) {
                String best = null;
                for (Map.Entry<String, Long> e : free.entrySet()) {
                    if (taken.contains(e.getKey()) || e.getValue() < mirror.legBytes()) {
                        continue;
                    }
                    if (best == null || better(e.getKey(), best, free, used)) {
                        best = e.getKey();
                    }
                }
                if (best == null) {
                    throw DlvmException.conflict("no_space", "the dvg cannot hold a mirror of " + replicas + " legs of "
                            + mirror.legBytes() + " bytes on distinct available dpvs (free bytes per dpv after the legs "
                            + "placed so far: " + free + ")");
                }
                taken.add(best);
                chosen.add(best);
                free.put(best, free.get(best) - mirror.legBytes());
                used.merge(best, 1, Integer::sum);
            }
            placements.add(new Placement(mirror, chosen));
        }
        return placements;
    }

    private static boolean better(String a, String b, Map<String, Long> free, Map<String, Integer> used) {
        int byUse = Integer.compare(used.getOrDefault(a, 0), used.getOrDefault(b, 0));
        if (byUse != 0) {
            return byUse < 0;
        }
        return free.get(a) > free.get(b);
    }
}
