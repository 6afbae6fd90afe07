package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.List;

import org.dlvm.api.DlvLayout;
import org.dlvm.node.NodeException;
import org.dlvm.node.linux.DmTables.RaidLeg;
import org.dlvm.node.linux.DmTables.Segment;
import org.dlvm.node.linux.KernelNames.Group;

/**
 * The names and tables of one dlv's stack on an ihost, computed from its layout before anything
 * is touched, so that a layout the kernel would refuse fails before the first command. Only the
 * legs' disks are unknown until login: the raid parts and mirrors are computed from them later.
 */
final class DlvStackPlan {
    /** One raid1 of a member's metadata or data group. */
    record MirrorPlan(String dlv, int member, Group group, DlvLayout.Mirror mirror, long regionSectors) {
        String name() {
            return KernelNames.mirror(dlv, member, group, mirror.index());
        }

        String path() {
            return KernelNames.devicePath(name());
        }

        /** The mirror's length: every leg's raid data part. */
        long lengthSectors() {
            return Sizes.raidDataPartSectors(mirror.legBytes());
        }

        /**
         * A mirror of one leg ({@code replicas} 1) is no raid: dm-raid's raid1 wants two legs. It
         * is a linear device on the leg's data area, the same sectors a raid data part would map,
         * so that the leg keeps room for raid metadata and could become a mirror's leg later.
         */
        boolean mirrored() {
            return mirror.legs().size() > 1;
        }

        String linearTable(String disk) {
            return dataPartTable(disk);
        }

        String metaPart(int leg) {
            return KernelNames.raidMetaPart(dlv, member, group, mirror.index(), leg);
        }

        String dataPart(int leg) {
            return KernelNames.raidDataPart(dlv, member, group, mirror.index(), leg);
        }

        String metaPartTable(String disk) {
            return DmTables.linear(Sizes.raidMetaPartSectors(), disk, 0);
        }

        String dataPartTable(String disk) {
            return DmTables.linear(lengthSectors(), disk, Sizes.raidMetaPartSectors());
        }

        /** {@code present.get(j)}: whether leg j has its disk (and so its parts). */
        String table(List<Boolean> present) {
            return table(present, null);
        }

        /** {@code rebuild}: the position of a leg that must be copied whole from the others (a repair's new leg). */
        String table(List<Boolean> present, Integer rebuild) {
            List<RaidLeg> legs = new ArrayList<>();
            for (int j = 0; j < mirror.legs().size(); j++) {
                legs.add(present.get(j) ? new RaidLeg(KernelNames.devicePath(metaPart(j)),
                        KernelNames.devicePath(dataPart(j))) : RaidLeg.missing());
            }
            return DmTables.raid1(lengthSectors(), regionSectors, legs, mirror.fresh(), rebuild);
        }

        /** The position of a repair's new leg that has its disk, or null (a repair replaces one leg of a mirror at a time). */
        Integer replacement(java.util.function.Predicate<DlvLayout.Leg> hasDisk) {
            for (int j = 0; j < mirror.legs().size(); j++) {
                DlvLayout.Leg leg = mirror.legs().get(j);
                if (leg.replaces() != null && hasDisk.test(leg)) {
                    return j;
                }
            }
            return null;
        }
    }

    /** One stripe member: its mirrors, pool metadata and data, pool and thin. */
    record MemberPlan(int index, List<MirrorPlan> meta, List<MirrorPlan> data, String poolMetadata,
            String poolMetadataTable, String poolData, String poolDataTable, String pool, String poolTable, String thin,
            String thinTable) {
        List<MirrorPlan> mirrors() {
            List<MirrorPlan> all = new ArrayList<>(meta);
            all.addAll(data);
            return all;
        }
    }

    private final DlvLayout layout;
    private final List<MemberPlan> members;
    private final String userDevice;
    private final String userDeviceTable;

    DlvStackPlan(DlvLayout layout) throws NodeException {
        this.layout = layout;
        try {
            KernelNames.userDevice(layout.dlv());
            if (layout.members().isEmpty()) {
                throw new IllegalArgumentException("no stripe members");
            }
            long totalSectors = Sizes.sectors(layout.sizeBytes());
            List<String> thins = new ArrayList<>();
            for (DlvLayout.Member member : layout.members()) {
                thins.add(KernelNames.devicePath(KernelNames.thin(layout.dlv(), member.index())));
            }
            // first, so that a size the stripes cannot divide is named as such
            this.userDeviceTable = DmTables.striped(totalSectors, layout.stripeChunkSectors(), thins);
            long memberSectors = totalSectors / layout.members().size();
            List<MemberPlan> plans = new ArrayList<>();
            for (DlvLayout.Member member : layout.members()) {
                plans.add(member(member, memberSectors));
            }
            this.members = List.copyOf(plans);
            this.userDevice = KernelNames.userDevice(layout.dlv());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NodeException("layout of dlv " + layout.dlv() + " cannot be assembled: " + e.getMessage(), e);
        }
    }

    private MemberPlan member(DlvLayout.Member member, long memberSectors) {
        String dlv = layout.dlv();
        int i = member.index();
        if (member.meta().isEmpty() || member.data().isEmpty()) {
            throw new IllegalArgumentException("stripe member " + i + " needs at least one metadata and one data mirror");
        }
        List<MirrorPlan> meta = mirrors(i, Group.META, member.meta());
        List<MirrorPlan> data = mirrors(i, Group.DATA, member.data());
        String poolMetadata = KernelNames.poolMetadata(dlv, i);
        String poolData = KernelNames.poolData(dlv, i);
        String pool = KernelNames.pool(dlv, i);
        String thin = KernelNames.thin(dlv, i);
        long dataSectors = data.stream().mapToLong(MirrorPlan::lengthSectors).sum();
        // the tail past the last whole block could never be provisioned
        long poolSectors = dataSectors / layout.thinBlockSectors() * layout.thinBlockSectors();
        return new MemberPlan(i, meta, data, poolMetadata, concat(meta), poolData, concat(data), pool,
                DmTables.thinPool(poolSectors, KernelNames.devicePath(poolMetadata), KernelNames.devicePath(poolData),
                        layout.thinBlockSectors(), layout.lowWaterBlocks(), false, false),
                thin, DmTables.thin(memberSectors, KernelNames.devicePath(pool), layout.thinId()));
    }

    private List<MirrorPlan> mirrors(int member, Group group, List<DlvLayout.Mirror> mirrors) {
        List<MirrorPlan> plans = new ArrayList<>();
        for (DlvLayout.Mirror mirror : mirrors) {
            MirrorPlan plan = new MirrorPlan(layout.dlv(), member, group, mirror, layout.regionSectors());
            if (mirror.legs().isEmpty()) {
                throw new IllegalArgumentException("mirror " + plan.name() + " has no leg");
            }
            if (plan.mirrored()) {
                // checks the legs' count, the region size and the names with every leg present
                plan.table(mirror.legs().stream().map(l -> true).toList());
            }
            plans.add(plan);
        }
        return plans;
    }

    private static String concat(List<MirrorPlan> mirrors) {
        return DmTables.concat(mirrors.stream().map(m -> new Segment(m.path(), m.lengthSectors())).toList());
    }

    DlvLayout layout() {
        return layout;
    }

    List<MemberPlan> members() {
        return members;
    }

    String userDevice() {
        return userDevice;
    }

    String userDeviceTable() {
        return userDeviceTable;
    }
}
