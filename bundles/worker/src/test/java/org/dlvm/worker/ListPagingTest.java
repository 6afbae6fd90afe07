package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.dlvm.api.Dlv;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvmException;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Operation;
import org.dlvm.api.Page;
import org.junit.Before;
import org.junit.Test;

/** Lists page in a stable order with a marker, filter on what Cinder asks by, and refuse bad paging as bad input. */
public class ListPagingTest {
    private static final long GIB = 1L << 30;
    private final SimulatedController c = new SimulatedController();

    @Before
    public void twentyFiveDlvs() {
        c.dvgs.create("g");
        c.dvgs.create("h");
        for (String dpv : List.of("dpv1", "dpv2")) {
            c.agents.dpv(dpv, 100 * GIB);
            c.worker.run(c.dpvs.register(dpv, "10.0.0.1").operation().id());
            c.dvgs.extend("g", dpv);
        }
        c.agents.ihost("ih1");
        c.worker.run(c.ihosts.register("ih1", null).operation().id());
        for (int i = 0; i < 25; i++) {
            String name = String.format("vol-%02d", i);
            c.run(c.dlvs.create(new DlvSpec(name, GIB, "g", 1, 2, null)).operation());
            c.clock.advanceSeconds(1);
            if (i % 5 == 0) {
                c.run(c.dlvs.attach(name, "ih1").operation());
            }
        }
    }

    private static ListQuery query(int limit, String marker, String status, String dvg, String ihost) {
        return new ListQuery(limit, marker, status, dvg, ihost);
    }

    @Test
    public void pagesFollowEachOtherWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String marker = null;
        do {
            Page<Dlv> page = c.dlvs.list(query(10, marker, null, null, null));
            page.items().forEach(d -> seen.add(d.name()));
            sizes.add(page.items().size());
            marker = page.next();
        } while (marker != null);
        assertEquals(List.of(10, 10, 5), sizes);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("vol-%02d", i));
        }
        assertEquals(expected, seen);
        assertEquals("the last page has no next", null, c.dlvs.list(query(5, "vol-19", null, null, null)).next());
        assertEquals(25, c.dlvs.list().size());
    }

    @Test
    public void aListShowsEachObjectAsItsOwnGetDoes() {
        c.succeed(c.dlvs.createSnapshot("vol-05", "s2"));
        c.clock.advanceSeconds(1);
        c.succeed(c.dlvs.createSnapshot("vol-05", "s1"));
        for (Dlv listed : c.dlvs.list(query(100, null, null, null, null)).items()) {
            assertEquals("legs, groups and snapshots of " + listed.name(), c.dlvs.get(listed.name()), listed);
        }
        assertEquals("oldest first", List.of("s2", "s1"), c.dlvs.get("vol-05").snapshots());
        for (org.dlvm.api.Dpv listed : c.dpvs.list(query(100, null, null, null, null)).items()) {
            assertEquals("the leg count of " + listed.name(), c.dpvs.get(listed.name()), listed);
        }
        assertEquals("25 dlvs, each a meta and a data mirror with one leg on each of the 2 dpvs", 25 * 2,
                c.dpvs.get("dpv1").legCount());
    }

    @Test
    public void filtersByStatusDvgAndIhost() {
        Page<Dlv> attached = c.dlvs.list(query(100, null, "attached", null, null));
        assertEquals(List.of("vol-00", "vol-05", "vol-10", "vol-15", "vol-20"),
                attached.items().stream().map(Dlv::name).toList());
        assertEquals(5, c.dlvs.list(query(100, null, null, null, "ih1")).items().size());
        assertEquals(20, c.dlvs.list(query(100, null, "available", "g", null)).items().size());
        assertEquals(0, c.dlvs.list(query(100, null, null, "h", null)).items().size());
        Page<Dlv> two = c.dlvs.list(query(2, null, "attached", null, null));
        assertEquals("vol-05", two.next());
        assertEquals(List.of("vol-10", "vol-15"),
                c.dlvs.list(query(2, two.next(), "attached", null, null)).items().stream().map(Dlv::name).toList());
        assertEquals(2, c.dpvs.list(query(100, null, "available", "g", null)).items().size());
        assertEquals(0, c.dpvs.list(query(100, null, "unavailable", null, null)).items().size());
        assertEquals(1, c.ihosts.list(query(100, null, "available", null, null)).items().size());
        assertEquals(List.of("g", "h"), c.dvgs.list(query(100, null, null, null, null)).items().stream().map(d -> d.name()).toList());
        assertEquals("g", c.dvgs.list(query(1, null, null, null, null)).next());
    }

    @Test
    public void operationsPageNewestFirst() {
        List<String> ids = new ArrayList<>();
        String marker = null;
        do {
            Page<Operation> page = c.operations.list(query(7, marker, null, null, null));
            page.items().forEach(o -> ids.add(o.id()));
            marker = page.next();
        } while (marker != null);
        List<Operation> all = c.operations.list(new ListQuery(1000, null, null, null, null)).items();
        assertEquals(all.stream().map(Operation::id).toList(), ids);
        assertEquals(2 + 1 + 25 + 5, ids.size());
        for (int i = 1; i < all.size(); i++) {
            assertEquals("newest first", true, all.get(i - 1).createdAt().compareTo(all.get(i).createdAt()) >= 0);
        }
        assertEquals(5, c.operations.list(query(100, null, "succeeded", null, null)).items().stream()
                .filter(o -> o.kind().equals("dlv-attach")).count());
    }

    @Test
    public void badPagingIsBadInput() {
        assertEquals("invalid_limit", assertThrows(DlvmException.class, () -> query(0, null, null, null, null)).code());
        assertEquals("invalid_limit", assertThrows(DlvmException.class, () -> query(1001, null, null, null, null)).code());
        assertEquals("invalid_status",
                assertThrows(DlvmException.class, () -> c.dlvs.list(query(10, null, "sleeping", null, null))).code());
        assertEquals("invalid_name",
                assertThrows(DlvmException.class, () -> c.dlvs.list(query(10, "a b", null, null, null))).code());
        assertEquals("invalid_marker",
                assertThrows(DlvmException.class, () -> c.operations.list(query(10, "nope", null, null, null))).code());
        assertNull(ListQuery.of(null, null, null, null, null).marker());
        assertEquals(ListQuery.DEFAULT_LIMIT, ListQuery.of(null, null, null, null, null).limit());
    }
}
