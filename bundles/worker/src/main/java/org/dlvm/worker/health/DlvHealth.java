package org.dlvm.worker.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.LegHealth;

/**
 * A served dlv's status from facts: what its ihost's kernel reports of each mirror and whether
 * each leg's dpv is available. Pure, so every rule is a line of a table test.
 *
 * <p>The rules: a leg is {@code unreachable} while its dpv is not available, whatever the kernel
 * still says (it fails the leg at the next I/O); else it is what dm-raid says at its position;
 * {@code unknown} without a report. A dlv is {@code degraded} while any leg is neither in sync
 * nor unknown, or its ihost is unavailable or reports a problem with it; {@code attached}
 * otherwise. Only served dlvs are judged: an operation in flight owns its dlv's status.
 */
public final class DlvHealth {
    private DlvHealth() {
    }

    /** Where a leg sits and on which dpv; {@code mirrorKey} as {@link #mirrorKey}. */
    public record Leg(String name, int member, String kind, int mirror, int position, String dpv) {
        public String mirrorKey() {
            return DlvHealth.mirrorKey(member, kind, mirror);
        }
    }

    /**
     * The kernel's report of one mirror: dm-raid's characters by position, its sync, and the legs
     * by position as the ihost assembled it ({@code legNames}, null when not told).
     */
    public record Mirror(String legs, long syncedSectors, long totalSectors, String syncAction, List<String> legNames) {
        public Mirror(String legs, long syncedSectors, long totalSectors, String syncAction) {
            this(legs, syncedSectors, totalSectors, syncAction, null);
        }
    }

    public record Verdict(DlvStatus status, String reason) {
    }

    public static String mirrorKey(int member, String kind, int mirror) {
        return "s" + member + "-" + kind + mirror;
    }

    public static boolean isServed(String status) {
        return DlvStatus.attached.name().equals(status) || DlvStatus.degraded.name().equals(status);
    }

    /**
     * {@code unavailableDpvs}: dpv → why it is not available (absent: available);
     * {@code ihostProblem}: why the ihost cannot be trusted to serve the dlv (unavailable, or a
     * problem it reports with this dlv), null when none.
     */
    public static LegHealth legHealth(Leg leg, Map<String, Mirror> mirrors, Map<String, String> unavailableDpvs) {
        if (unavailableDpvs.containsKey(leg.dpv())) {
            return LegHealth.unreachable;
        }
        Mirror reported = mirrors.get(leg.mirrorKey());
        if (reported == null || reported.legs() == null || leg.position() >= reported.legs().length()) {
            return LegHealth.unknown;
        }
        if (reported.legNames() != null && (leg.position() >= reported.legNames().size()
                || !reported.legNames().get(leg.position()).equals(leg.name()))) {
            // a repair put this leg at the position after the report: the mirror as reported runs without it
            return LegHealth.missing;
        }
        LegHealth health = LegHealth.ofRaidChar(reported.legs().charAt(leg.position()));
        return health == null ? LegHealth.unknown : health;
    }

    public static Verdict derive(List<Leg> legs, Map<String, Mirror> mirrors, Map<String, String> unavailableDpvs,
            String ihostProblem) {
        List<String> reasons = new ArrayList<>();
        if (ihostProblem != null) {
            reasons.add(ihostProblem);
        }
        for (Leg leg : legs) {
            LegHealth health = legHealth(leg, mirrors, unavailableDpvs);
            if (health.holdsData()) {
                continue;
            }
            String where = "leg " + leg.name() + " (" + leg.mirrorKey() + ", dpv " + leg.dpv() + ")";
            reasons.add(switch (health) {
                case unreachable -> where + " unreachable: dpv " + leg.dpv() + " is unavailable ("
                        + unavailableDpvs.get(leg.dpv()) + ")";
                case syncing -> where + " syncing " + percent(mirrors.get(leg.mirrorKey())) + " %";
                default -> where + " " + health.name();
            });
        }
        return reasons.isEmpty() ? new Verdict(DlvStatus.attached, null)
                : new Verdict(DlvStatus.degraded, String.join("; ", reasons));
    }

    /**
     * The legs their mirror runs without (failed or absent in the kernel's report) while their
     * dpv is available: after a dpv's return, what an assembly can take back into the mirror.
     */
    public static List<Leg> toTakeBack(List<Leg> legs, Map<String, Mirror> mirrors, Map<String, String> unavailableDpvs) {
        return legs.stream().filter(l -> {
            LegHealth health = legHealth(l, mirrors, unavailableDpvs);
            return health == LegHealth.dead || health == LegHealth.missing;
        }).toList();
    }

    /**
     * The legs a repair replaces: each one whose dpv has been out of reach since before
     * {@code since} ({@code lastSeen}: dpv → its last heartbeat, absent when never seen) or that
     * is to move whatever its dpv's state ({@code moveNow}: its dpv is evacuated, or the leg failed
     * to rejoin too often), at most one per mirror, and only in a mirror that another
     * leg keeps in sync (a copy needs a source) and that has no leg being rebuilt already
     * ({@code rebuilding}: names of such legs).
     */
    public static List<Leg> toReplace(List<Leg> legs, Map<String, Mirror> mirrors, Map<String, String> unavailableDpvs,
            Map<String, Long> lastSeen, long since, java.util.Set<String> rebuilding, java.util.function.Predicate<Leg> moveNow) {
        Map<String, Leg> byMirror = new java.util.LinkedHashMap<>();
        for (Leg leg : legs) {
            Long seen = lastSeen.get(leg.dpv());
            boolean lost = unavailableDpvs.containsKey(leg.dpv()) && (seen == null || seen < since);
            if (!(lost || moveNow.test(leg)) || byMirror.containsKey(leg.mirrorKey())) {
                continue;
            }
            List<Leg> others = legs.stream().filter(o -> o.mirrorKey().equals(leg.mirrorKey()) && !o.name().equals(leg.name()))
                    .toList();
            boolean source = others.stream().anyMatch(o -> legHealth(o, mirrors, unavailableDpvs) == LegHealth.in_sync);
            boolean copying = others.stream().anyMatch(o -> rebuilding.contains(o.name()));
            if (source && !copying) {
                byMirror.put(leg.mirrorKey(), leg);
            }
        }
        return List.copyOf(byMirror.values());
    }

    /** How far a mirror's sync got, one decimal; 100 when idle. */
    public static double percent(Mirror mirror) {
        if (mirror == null || mirror.totalSectors() <= 0 || "idle".equals(mirror.syncAction())) {
            return 100.0;
        }
        return Math.floor(1000.0 * Math.min(mirror.syncedSectors(), mirror.totalSectors()) / mirror.totalSectors()) / 10.0;
    }
}
