package org.dlvm.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dlvm.api.KernelPart;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.LegEntity;

/**
 * What a node holds that no row wants there, from what it reported and the rows read after
 * that (pure, so that the rules are tested without a database or a kernel). Reading the rows
 * after the node answered matters: every kernel object is made after its row, so one that has
 * no row by then was never wanted or has been deleted.
 *
 * <p>The rules, which are those of the operations: an ihost holds the stacks and sessions of the
 * dlvs whose row names it as their ihost (attaching, attached, detaching or failed there: a
 * detach or delete takes those down); a dpv exports a leg only to the ihost of its dlv, and only
 * while the leg's row says exported (or missing: the ihost could not reach it). Nothing here
 * ever asks to delete an LV or to cut an export no row knows: those are only reported
 * ({@link #unknownLegs}), since a wrong or empty database must not wipe data or cut live dlvs.
 */
final class Leftovers {
    static final int LEGS_PER_CLEANUP = 100;

    private Leftovers() {
    }

    /** {@code served}: attached or degraded, the statuses in which its stack and exports must exist. */
    record DlvRow(String name, String ihost, boolean served) {
    }

    record LegRow(String name, String dlv, String dpv, String status) {
    }

    /**
     * The rows that matter: dlvs by name, legs by name, the dlv of each retired leg (their dpv
     * deletes them: not this cleanup's), and each ihost's initiator name.
     */
    record Rows(Map<String, DlvRow> dlvs, Map<String, LegRow> legs, Map<String, String> retired,
            Map<String, String> initiators) {
    }

    /**
     * One cleanup operation: the dlv whose lock it takes (for what no row knows, the stack's part, or
     * the first leg's id) and what it removes.
     */
    record Cleanup(String dlv, OperationArgs.DlvCleanup args) {
    }

    static List<Cleanup> ofIhost(String ihost, AgentResult.IhostHoldings held, Rows rows) {
        Map<String, String> dlvOfPart = new TreeMap<>();
        rows.dlvs().keySet().forEach(name -> dlvOfPart.put(KernelPart.of(name), name));
        Set<String> wantedParts = new TreeSet<>();
        Set<String> wantedDlvs = new TreeSet<>();
        rows.dlvs().values().stream().filter(d -> ihost.equals(d.ihost())).forEach(d -> {
            wantedDlvs.add(d.name());
            wantedParts.add(KernelPart.of(d.name()));
        });
        // lock name → the stack and the sessions to drop
        Map<String, String> parts = new LinkedHashMap<>();
        Map<String, List<String>> sessions = new LinkedHashMap<>();
        for (String part : held.dlvParts()) {
            if (!wantedParts.contains(part)) {
                String dlv = dlvOfPart.getOrDefault(part, part);
                parts.put(dlv, part);
                sessions.computeIfAbsent(dlv, d -> new ArrayList<>());
            }
        }
        List<String> ownerless = new ArrayList<>();
        for (String leg : held.sessionLegs()) {
            String owner = ownerOf(leg, rows);
            if (owner == null) {
                ownerless.add(leg);
            } else if (!wantedDlvs.contains(owner)) {
                sessions.computeIfAbsent(owner, d -> new ArrayList<>()).add(leg);
            }
        }
        if (!ownerless.isEmpty()) {
            // most likely the legs of a deleted dlv's stack: they go with the first stack that goes, else under
            // the first leg's id, which no other operation takes (ids are never given twice)
            String with = parts.isEmpty() ? ownerless.get(0) : parts.keySet().iterator().next();
            sessions.computeIfAbsent(with, d -> new ArrayList<>()).addAll(ownerless);
        }
        List<Cleanup> out = new ArrayList<>();
        sessions.forEach((dlv, legs) -> {
            List<List<String>> chunks = chunks(legs);
            for (int i = 0; i < chunks.size(); i++) {
                // the stack goes with the first: its devices come down before the sessions beneath them end
                out.add(new Cleanup(dlv, new OperationArgs.DlvCleanup(null, ihost, i == 0 ? parts.get(dlv) : null,
                        chunks.get(i))));
            }
        });
        return out;
    }

    static List<Cleanup> ofDpv(String dpv, AgentResult.DpvHoldings held, Rows rows) {
        Map<String, List<String>> legs = new LinkedHashMap<>();
        new TreeMap<>(held.exports()).forEach((leg, initiators) -> {
            Optional<ExportWanted> wanted = exportWanted(dpv, leg, rows);
            if (wanted.isPresent() && (wanted.get().initiator() == null
                    || !List.of(wanted.get().initiator()).equals(initiators))) {
                legs.computeIfAbsent(rows.legs().get(leg).dlv(), d -> new ArrayList<>()).add(leg);
            }
        });
        List<Cleanup> out = new ArrayList<>();
        legs.forEach((dlv, l) -> chunks(l).forEach(c -> out.add(new Cleanup(dlv, new OperationArgs.DlvCleanup(dpv, null,
                null, c)))));
        return out;
    }

    /** Whether a leg may be exported, and to whom: {@code initiator} null when it must not be. */
    record ExportWanted(String initiator) {
    }

    /**
     * The rule for one export; empty when the rows of this dpv do not know the leg (then it is
     * only reported, like an LV no row knows: a database restored from an old backup must not cut
     * the dlvs made since) or it is a retired leg (its dpv's delete is for it).
     */
    static Optional<ExportWanted> exportWanted(String dpv, String leg, Rows rows) {
        return knownOn(dpv, leg, rows) ? Optional.of(new ExportWanted(wantedInitiator(rows.legs().get(leg), rows)))
                : Optional.empty();
    }

    /** Whether the leg is one of this dpv's rows (a retired leg is not: its dpv's delete is for it). */
    private static boolean knownOn(String dpv, String leg, Rows rows) {
        LegRow row = rows.legs().get(leg);
        return !rows.retired().containsKey(leg) && row != null && dpv.equals(row.dpv());
    }

    /** The legs whose LVs or exports the dpv has and no row of it (nor a retired leg's) knows: reported, never removed. */
    static List<String> unknownLegs(String dpv, AgentResult.DpvHoldings held, Rows rows) {
        Set<String> all = new TreeSet<>(held.legVolumes());
        all.addAll(held.exports().keySet());
        return all.stream().filter(leg -> !rows.retired().containsKey(leg) && !knownOn(dpv, leg, rows)).toList();
    }

    /**
     * The other way: the dlvs this ihost serves whose stack it does not hold (its kernel lost it
     * without its agent announcing itself), for a {@code dlv-restore} each.
     */
    static List<String> missingOnIhost(String ihost, AgentResult.IhostHoldings held, Rows rows) {
        Set<String> parts = new TreeSet<>(held.dlvParts());
        return rows.dlvs().values().stream().filter(d -> ihost.equals(d.ihost()) && d.served()
                && !parts.contains(KernelPart.of(d.name()))).map(DlvRow::name).sorted().toList();
    }

    /** The served dlvs with a leg on this dpv recorded exported that the dpv does not export. */
    static List<String> missingOnDpv(String dpv, AgentResult.DpvHoldings held, Rows rows) {
        return rows.legs().values().stream().filter(l -> dpv.equals(l.dpv()) && LegEntity.EXPORTED.equals(l.status())
                && !held.exports().containsKey(l.name()) && rows.dlvs().containsKey(l.dlv())
                && rows.dlvs().get(l.dlv()).served()).map(LegRow::dlv).distinct().sorted().toList();
    }

    /** The initiator the leg may be exported to, or null when it must not be exported. */
    private static String wantedInitiator(LegRow leg, Rows rows) {
        DlvRow dlv = rows.dlvs().get(leg.dlv());
        boolean exported = LegEntity.EXPORTED.equals(leg.status()) || LegEntity.MISSING.equals(leg.status());
        return dlv == null || dlv.ihost() == null || !exported ? null : rows.initiators().get(dlv.ihost());
    }

    /** At most {@value #LEGS_PER_CLEANUP} legs per operation, so that its arguments fit their column; at least one list. */
    static List<List<String>> chunks(List<String> legs) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < legs.size(); i += LEGS_PER_CLEANUP) {
            out.add(List.copyOf(legs.subList(i, Math.min(legs.size(), i + LEGS_PER_CLEANUP))));
        }
        return out.isEmpty() ? List.of(List.of()) : out;
    }

    private static String ownerOf(String leg, Rows rows) {
        LegRow row = rows.legs().get(leg);
        return row != null ? row.dlv() : rows.retired().get(leg);
    }
}
