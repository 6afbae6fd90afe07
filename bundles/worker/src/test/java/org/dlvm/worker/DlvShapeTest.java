package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvmException;
import org.dlvm.api.DomainPolicy;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.worker.DlvGeometry.MirrorPlan;
import org.dlvm.worker.LegAllocator.Candidate;
import org.dlvm.worker.LegAllocator.Placement;
import org.junit.Test;

/** The pure functions behind a dlv's shape: sizes, leg placement, the layout an ihost gets. */
public class DlvShapeTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    public void sizesRoundUpToWholeExtentsPerStripeMember() {
        assertEquals(8 * MIB, DlvGeometry.roundedSize("size", 1, 2));
        assertEquals(GIB, DlvGeometry.roundedSize("size", GIB, 2));
        assertEquals("1032 MiB = 86 × 12 MiB", GIB + 8 * MIB, DlvGeometry.roundedSize("size", GIB + 1, 3));
        assertEquals(0, DlvGeometry.roundedSize("size", GIB + 1, 3) % (3 * 4 * MIB));
        for (long bad : List.of(0L, -1L, (1L << 50) + 1)) {
            try {
                DlvGeometry.roundedSize("size", bad, 1);
                fail("" + bad);
            } catch (DlvmException e) {
                assertEquals(DlvmException.Kind.INVALID, e.kind());
                assertTrue(e.getMessage().startsWith("size "));
            }
        }
    }

    @Test
    public void thinMetadataIs48BytesPerBlockAtLeast2MiBInWholeExtents() {
        // 1 GiB in 64 KiB blocks = 16384 blocks × 48 B = 768 KiB → 2 MiB minimum → one extent
        assertEquals(4 * MIB, DlvGeometry.thinMetadataBytes(GIB, 128));
        // 1 TiB in 64 KiB blocks: 16 Mi blocks × 48 B = 768 MiB
        assertEquals(768 * MIB, DlvGeometry.thinMetadataBytes(1L << 40, 128));
        // the kernel's ceiling holds for any size
        assertTrue(DlvGeometry.thinMetadataBytes(1L << 50, 128) <= DlvGeometry.THIN_METADATA_MAX_BYTES);
    }

    @Test
    public void aNewDlvHasAMetaAndADataMirrorPerMemberWithTheRaidMetadataInFront() {
        List<MirrorPlan> plans = DlvGeometry.newDlv(2 * GIB, GIB, 2, 128);
        assertEquals(List.of(new MirrorPlan(0, "meta", 0, 8 * MIB), new MirrorPlan(0, "data", 0, 512 * MIB + 4 * MIB),
                new MirrorPlan(1, "meta", 0, 8 * MIB), new MirrorPlan(1, "data", 0, 512 * MIB + 4 * MIB)), plans);
    }

    @Test
    public void anExtensionAddsADataMirrorPerMemberAndMetadataOnlyWhenNeeded() {
        List<MirrorPlan> small = DlvGeometry.extension(GIB, 2 * GIB, 2, 128, List.of(4 * MIB, 4 * MIB), List.of(1, 1),
                List.of(1, 1));
        assertEquals(List.of(new MirrorPlan(0, "data", 1, 512 * MIB + 4 * MIB),
                new MirrorPlan(1, "data", 1, 512 * MIB + 4 * MIB)), small);
        // to 2 TiB per member the metadata needs 1536 MiB: a second metadata mirror carries the rest
        List<MirrorPlan> big = DlvGeometry.extension(GIB, 2L << 40, 1, 128, List.of(4 * MIB), List.of(1), List.of(1));
        assertEquals(new MirrorPlan(0, "meta", 1, 1536 * MIB - 4 * MIB + 4 * MIB), big.get(0));
        assertEquals(new MirrorPlan(0, "data", 1, (2L << 40) - GIB + 4 * MIB), big.get(1));
    }

    @Test
    public void everyMirrorsLegsGoToDistinctDpvsAndSpreadOverTheDvg() {
        List<MirrorPlan> plans = DlvGeometry.newDlv(GIB, GIB, 2, 128);
        List<Placement> placements = LegAllocator.place(plans, 2,
                List.of(new Candidate("a", 10 * GIB), new Candidate("b", 10 * GIB), new Candidate("c", 10 * GIB)));
        Map<String, Integer> perDpv = new java.util.HashMap<>();
        for (Placement p : placements) {
            assertEquals(2, new HashSet<>(p.dpvs()).size());
            p.dpvs().forEach(d -> perDpv.merge(d, 1, Integer::sum));
        }
        assertEquals("8 legs over 3 dpvs: no dpv gets more than 3", Set.of("a", "b", "c"), perDpv.keySet());
        assertTrue(perDpv.toString(), perDpv.values().stream().allMatch(n -> n <= 3));
    }

    /**
     * One copy: a stripe member's legs all on one dpv (any dpv it spanned would take it down), the
     * members spread over the dvg, and a member that does not fit on one dpv spills over.
     */
    @Test
    public void aOneCopyDlvKeepsEachStripeMemberOnOneDpv() {
        List<Placement> placements = LegAllocator.place(DlvGeometry.newDlv(2 * GIB, 2 * GIB, 2, 128), 1,
                List.of(new Candidate("a", 10 * GIB), new Candidate("b", 10 * GIB), new Candidate("c", 10 * GIB)));
        Map<Integer, Set<String>> byMember = new java.util.TreeMap<>();
        placements.forEach(p -> {
            assertEquals(1, p.dpvs().size());
            byMember.computeIfAbsent(p.mirror().member(), k -> new HashSet<>()).addAll(p.dpvs());
        });
        assertEquals(byMember.toString(), 2, byMember.size());
        byMember.values().forEach(dpvs -> assertEquals(byMember.toString(), 1, dpvs.size()));
        assertTrue("the members on distinct dpvs: " + byMember, !byMember.get(0).equals(byMember.get(1)));

        List<Placement> spilled = LegAllocator.place(List.of(new MirrorPlan(0, "meta", 0, GIB),
                new MirrorPlan(0, "data", 0, 7 * GIB / 2)), 1, List.of(new Candidate("a", 4 * GIB),
                        new Candidate("b", 7 * GIB / 2)));
        assertEquals(List.of("a"), spilled.get(0).dpvs());
        assertEquals("a is full after the metadata leg: the data leg goes where it fits", List.of("b"),
                spilled.get(1).dpvs());
    }

    /** Two racks of two dpvs: every mirror has a leg in each rack, even where another dpv of the same rack is emptier. */
    @Test
    public void aMirrorsLegsGoToDistinctFailureDomainsWhenTheDvgHasThem() {
        List<MirrorPlan> plans = DlvGeometry.newDlv(GIB, GIB, 2, 128);
        List<Candidate> racks = List.of(new Candidate("a", 10 * GIB, "r1"), new Candidate("b", 30 * GIB, "r1"),
                new Candidate("c", 10 * GIB, "r2"), new Candidate("d", 20 * GIB, "r2"));
        Map<String, String> rackOf = Map.of("a", "r1", "b", "r1", "c", "r2", "d", "r2");
        for (DomainPolicy policy : DomainPolicy.values()) {
            for (Placement p : LegAllocator.place(plans, 2, racks, policy)) {
                assertEquals(p.dpvs().toString(), Set.of("r1", "r2"), p.dpvs().stream().map(rackOf::get)
                        .collect(java.util.stream.Collectors.toSet()));
            }
        }
        // a dpv without a domain is a domain of its own: three of them make three domains for three replicas
        List<Placement> own = LegAllocator.place(List.of(new MirrorPlan(0, "data", 0, GIB)), 3, List.of(
                new Candidate("a", 10 * GIB, "r1"), new Candidate("b", 30 * GIB, "r1"), new Candidate("x", 5 * GIB),
                new Candidate("y", 5 * GIB)), DomainPolicy.required);
        assertEquals(Set.of("b", "x", "y"), new HashSet<>(own.get(0).dpvs()));
    }

    @Test
    public void withTooFewDomainsPreferredFallsBackToDistinctDpvsAndRequiredRefuses() {
        MirrorPlan mirror = new MirrorPlan(0, "data", 0, GIB);
        List<Candidate> oneRack = List.of(new Candidate("a", 10 * GIB, "r1"), new Candidate("b", 10 * GIB, "r1"),
                new Candidate("c", 2 * GIB, "r2"));
        assertEquals("the second leg's rack has no room: r2 is full after c", Set.of("a", "b", "c"),
                new HashSet<>(LegAllocator.place(List.of(mirror, new MirrorPlan(0, "data", 1, GIB),
                        new MirrorPlan(0, "data", 2, GIB)), 2, oneRack, DomainPolicy.preferred).stream()
                        .flatMap(p -> p.dpvs().stream()).toList()));
        try {
            LegAllocator.place(List.of(mirror, new MirrorPlan(0, "data", 1, GIB), new MirrorPlan(0, "data", 2, GIB)), 2,
                    oneRack, DomainPolicy.required);
            fail("the third mirror finds room in r1 only");
        } catch (DlvmException e) {
            assertEquals("no_failure_domain", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("{a=r1, b=r1, c=r2}"));
        }
        try {
            LegAllocator.place(List.of(new MirrorPlan(0, "data", 0, 20 * GIB)), 2, oneRack, DomainPolicy.required);
            fail("no dpv can hold it");
        } catch (DlvmException e) {
            assertEquals("no space is not a domain problem", "no_space", e.code());
        }
    }

    /**
     * A repair's new leg: never on a dpv of its mirror (the lost one included), in a domain the
     * survivor does not share when a candidate offers one, else (preferred) any other dpv.
     */
    @Test
    public void aReplacementLegAvoidsTheMirrorsDpvsAndTheSurvivorsDomain() {
        List<Candidate> dvg = List.of(new Candidate("a", 10 * GIB, "r1"), new Candidate("b", 10 * GIB, "r2"),
                new Candidate("c", 50 * GIB, "r1"), new Candidate("d", 5 * GIB, "r3"));
        assertEquals("the emptiest of the other racks than the survivor's, not c with more room", "b",
                LegAllocator.replacement(GIB, dvg, Set.of("a", "x"), Set.of("r1"), DomainPolicy.required));
        assertEquals("d", LegAllocator.replacement(GIB, dvg, Set.of("a", "b", "x"), Set.of("r1"), DomainPolicy.required));
        assertEquals("no room in another rack: preferred takes the survivor's", "c", LegAllocator.replacement(12 * GIB, dvg,
                Set.of("a", "x"), Set.of("r1"), DomainPolicy.preferred));
        try {
            LegAllocator.replacement(12 * GIB, dvg, Set.of("a", "x"), Set.of("r1"), DomainPolicy.required);
            fail("required: only the survivor's rack has room");
        } catch (DlvmException e) {
            assertEquals("no_failure_domain", e.code());
        }
        try {
            LegAllocator.replacement(GIB, dvg, Set.of("a", "b", "c", "d"), Set.of("r1"), DomainPolicy.preferred);
            fail("every dpv is in the mirror already");
        } catch (DlvmException e) {
            assertEquals("no_space", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("[a, b, c, d]"));
        }
    }

    @Test
    public void placementCountsTheSpaceItAlreadyGaveAndSaysWhyItCannot() {
        MirrorPlan big = new MirrorPlan(0, "data", 0, 6 * GIB);
        List<Placement> one = LegAllocator.place(List.of(big), 2,
                List.of(new Candidate("a", 10 * GIB), new Candidate("b", 7 * GIB), new Candidate("c", 5 * GIB)));
        assertEquals(List.of("a", "b"), one.get(0).dpvs());
        try {
            LegAllocator.place(List.of(big, new MirrorPlan(0, "data", 1, 6 * GIB)), 2,
                    List.of(new Candidate("a", 10 * GIB), new Candidate("b", 7 * GIB), new Candidate("c", 5 * GIB)));
            fail("the second mirror fits on a only");
        } catch (DlvmException e) {
            assertEquals("no_space", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("6442450944 bytes"));
        }
        try {
            LegAllocator.place(List.of(new MirrorPlan(0, "meta", 0, 8 * MIB)), 2, List.of(new Candidate("a", 10 * GIB)));
            fail("one dpv cannot hold both legs of a mirror");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
    }

    @Test
    public void theLayoutGroupsLegsByMemberKindAndMirrorAndMarksUnreachableDpvs() {
        DlvEntity dlv = new DlvEntity("v1", "g", 2 * GIB, 2 * GIB, 2, 2, 128, 128, 4096, 0);
        List<LegEntity> legs = new java.util.ArrayList<>();
        int n = 0;
        for (int member = 0; member < 2; member++) {
            for (String kind : List.of("data", "meta")) {
                for (int pos = 1; pos >= 0; pos--) {
                    legs.add(new LegEntity("l" + n++, "v1", member, kind, 0, pos, pos == 0 ? "a" : "b",
                            "meta".equals(kind) ? 8 * MIB : GIB + 4 * MIB, "u", "p", 0));
                }
            }
        }
        DlvLayout layout = DlvLayouts.layout(dlv, 2 * GIB, legs,
                Map.of("a", new DlvLayouts.Portal("10.0.0.1", true), "b", new DlvLayouts.Portal("10.0.0.2", false)));
        assertEquals(2, layout.members().size());
        assertEquals(1, layout.thinId());
        assertEquals(0, layout.transactionId());
        DlvLayout.Member m1 = layout.members().get(1);
        assertEquals(1, m1.index());
        assertEquals(8 * MIB, m1.meta().get(0).legBytes());
        assertEquals(GIB + 4 * MIB, m1.data().get(0).legBytes());
        assertTrue(m1.data().get(0).fresh());
        DlvLayout.Leg first = m1.data().get(0).legs().get(0);
        assertEquals("legs in position order", "a", first.dpv());
        assertEquals("10.0.0.1", first.address());
        assertEquals(3260, first.port());
        assertTrue(first.reachable());
        assertFalse(m1.data().get(0).legs().get(1).reachable());
        assertNotEquals(first.leg(), m1.data().get(0).legs().get(1).leg());
    }
}
