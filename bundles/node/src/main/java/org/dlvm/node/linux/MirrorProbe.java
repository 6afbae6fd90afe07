package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvState;
import org.dlvm.api.MirrorState;
import org.dlvm.node.NodeException;

/**
 * What the kernel says of the mirrors of the dlvs an ihost holds, read from one
 * {@code dmsetup status --target raid} (one process per report, however many dlvs; raid devices
 * only, whose status never waits on a stuck write), and {@code --target linear} when a dlv has
 * one-leg mirrors. Pure: tested without a kernel.
 */
final class MirrorProbe {
    private MirrorProbe() {
    }

    /** {@code statusByDevice}: {@link DmStatus#byDevice} of {@link DmsetupCommands#statusOfRaids}. */
    static List<DlvState> states(List<DlvLayout> layouts, Map<String, List<String>> statusByDevice) {
        List<DlvState> states = new ArrayList<>();
        for (DlvLayout layout : layouts) {
            states.add(state(layout, statusByDevice));
        }
        return states;
    }

    private static DlvState state(DlvLayout layout, Map<String, List<String>> statusByDevice) {
        List<MirrorState> mirrors = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (DlvLayout.Member member : layout.members()) {
            for (KernelNames.Group group : KernelNames.Group.values()) {
                List<DlvLayout.Mirror> ofGroup = group == KernelNames.Group.META ? member.meta() : member.data();
                for (DlvLayout.Mirror mirror : ofGroup) {
                    String name = KernelNames.mirror(layout.dlv(), member.index(), group, mirror.index());
                    List<String> lines = statusByDevice.get(name);
                    if (lines == null || lines.isEmpty()) {
                        absent.add(name);
                        continue;
                    }
                    if (mirror.legs().size() == 1) {
                        mirrors.add(unmirrored(member.index(), group, mirror, lines.get(0)));
                        continue;
                    }
                    try {
                        DmStatus.RaidStatus raid = DmStatus.parseRaid(lines.get(0));
                        mirrors.add(new MirrorState(member.index(), kind(group), mirror.index(), healthChars(raid),
                                raid.syncedSectors(), raid.totalSectors(), raid.syncAction(), mirror.legs().stream()
                                        .map(DlvLayout.Leg::leg).toList()));
                    } catch (NodeException e) {
                        return new DlvState(layout.dlv(), "cannot read mirror " + name + ": " + e.getMessage(), mirrors);
                    }
                }
            }
        }
        if (mirrors.isEmpty() && !absent.isEmpty()) {
            return new DlvState(layout.dlv(), "none of its mirrors is assembled here", null);
        }
        return new DlvState(layout.dlv(), absent.isEmpty() ? null : "mirror devices missing: " + String.join(", ", absent),
                mirrors);
    }

    /**
     * A one-leg mirror is a linear device: the kernel says nothing of its leg's health, so one
     * that runs counts as in sync (its dpv's availability tells the rest).
     */
    private static MirrorState unmirrored(int member, KernelNames.Group group, DlvLayout.Mirror mirror, String line) {
        String[] f = line.trim().split("\\s+");
        long sectors = f.length >= 3 && f[2].equals("linear") ? Long.parseLong(f[1]) : 0;
        return new MirrorState(member, kind(group), mirror.index(), sectors > 0 ? "A" : "-", sectors, sectors, "idle",
                List.of(mirror.legs().get(0).leg()));
    }

    /** Whether a report needs the linear devices' status too (a layout has a one-leg mirror). */
    static boolean hasUnmirrored(List<DlvLayout> layouts) {
        return layouts.stream().flatMap(l -> l.members().stream())
                .flatMap(m -> java.util.stream.Stream.concat(m.meta().stream(), m.data().stream()))
                .anyMatch(m -> m.legs().size() == 1);
    }

    private static String kind(KernelNames.Group group) {
        return group == KernelNames.Group.META ? DlvGroup.META : DlvGroup.DATA;
    }

    static String healthChars(DmStatus.RaidStatus raid) {
        StringBuilder chars = new StringBuilder();
        for (DmStatus.LegHealth health : raid.legs()) {
            chars.append(switch (health) {
                case IN_SYNC -> 'A';
                case SYNCING -> 'a';
                case DEAD -> 'D';
                case MISSING -> '-';
            });
        }
        return chars.toString();
    }
}
