package org.dlvm.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dlvm.api.DlvLayout;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;

/** What an ihost is told about a dlv, computed from the stored rows alone. */
final class DlvLayouts {
    /** iSCSI's registered port; DLVM's targets listen on it on every dpv. */
    static final int ISCSI_PORT = 3260;
    /** Blocks left in a pool when the ihost is told to ask for more (the pool's low water mark). */
    static final long LOW_WATER_BLOCKS = 16;

    private DlvLayouts() {
    }

    /** Where a dpv's legs are reached, and whether it is believed up. */
    record Portal(String address, boolean reachable) {
    }

    /**
     * The layout of a stored dlv: its size (its target size while it grows), each dpv's address,
     * and which dpvs are out of reach.
     */
    static DlvLayout forDlv(javax.persistence.EntityManager em, DlvEntity dlv, boolean targetSize,
            java.util.Set<String> down) {
        List<LegEntity> legs = DlvViews.legs(em, dlv.getName());
        Map<String, Portal> portals = new java.util.HashMap<>();
        for (LegEntity leg : legs) {
            org.dlvm.store.DpvEntity dpv = em.find(org.dlvm.store.DpvEntity.class, leg.getDpv());
            if (dpv != null) {
                portals.put(dpv.getName(), new Portal(dpv.getAddress(), !down.contains(dpv.getName())));
            }
        }
        return layout(dlv, targetSize ? dlv.getTargetSize() : dlv.getSize(), new ArrayList<>(legs), portals);
    }

    /**
     * @param sizeBytes the virtual size to build (the target size while an extend is in flight)
     * @param portals by dpv name; a dpv that is absent is unreachable
     */
    static DlvLayout layout(DlvEntity dlv, long sizeBytes, List<LegEntity> legs, Map<String, Portal> portals) {
        Map<Integer, Map<String, Map<Integer, List<LegEntity>>>> byMember = new TreeMap<>();
        for (LegEntity leg : legs) {
            byMember.computeIfAbsent(leg.getMember(), m -> new TreeMap<>())
                    .computeIfAbsent(leg.getKind(), k -> new TreeMap<>())
                    .computeIfAbsent(leg.getMirror(), i -> new ArrayList<>()).add(leg);
        }
        List<DlvLayout.Member> members = new ArrayList<>();
        for (int m = 0; m < dlv.getStripeNumber(); m++) {
            Map<String, Map<Integer, List<LegEntity>>> kinds = byMember.getOrDefault(m, Map.of());
            members.add(new DlvLayout.Member(m, mirrors(kinds.getOrDefault("meta", Map.of()), portals),
                    mirrors(kinds.getOrDefault("data", Map.of()), portals)));
        }
        return new DlvLayout(dlv.getName(), sizeBytes, dlv.getThinBlockSectors(), dlv.getStripeChunkSectors(),
                dlv.getRegionSectors(), LOW_WATER_BLOCKS, dlv.getThinId(), dlv.getThinTransaction(), members,
                dlv.getRevertThinId());
    }

    private static List<DlvLayout.Mirror> mirrors(Map<Integer, List<LegEntity>> byIndex, Map<String, Portal> portals) {
        List<DlvLayout.Mirror> mirrors = new ArrayList<>();
        byIndex.forEach((index, legs) -> {
            legs.sort(Comparator.comparingInt(LegEntity::getPosition));
            List<DlvLayout.Leg> out = new ArrayList<>();
            for (LegEntity leg : legs) {
                Portal portal = portals.get(leg.getDpv());
                out.add(new DlvLayout.Leg(leg.getName(), leg.getDpv(), portal == null ? null : portal.address(),
                        ISCSI_PORT, leg.getChapUser(), leg.getChapPassword(), portal != null && portal.reachable(),
                        leg.getReplaces()));
            }
            boolean fresh = legs.stream().allMatch(LegEntity::isFresh);
            mirrors.add(new DlvLayout.Mirror(index, legs.get(0).getSize(), fresh, out));
        });
        return mirrors;
    }
}
