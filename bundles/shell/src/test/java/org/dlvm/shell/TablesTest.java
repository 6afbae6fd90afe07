package org.dlvm.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.Dpv;
import org.dlvm.api.Dvg;
import org.dlvm.api.Ihost;
import org.dlvm.api.NodeIdentity;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Snapshot;
import org.junit.Test;

public class TablesTest {
    @Test
    public void dpvRowFollowsTheHeaderWithHumanSizes() {
        Dpv d = new Dpv("d1", "10.0.0.1", NodeStatus.unavailable, "agent gone", "g1", 107374182400L, 1536, 3,
                "2026-11-25T10:00:00Z", "0.1.0", "rack1");
        List<List<String>> rows = Tables.dpvRows(List.of(d));
        assertEquals(List.of("Name", "Status", "DVG", "Domain", "Total", "Free", "Legs", "Last seen", "Reason"),
                Tables.DPV_HEADER);
        assertEquals(List.of(List.of("d1", "unavailable", "g1", "rack1", "100.0 GiB", "1.5 KiB", "3",
                "2026-11-25T10:00:00Z", "agent gone")), rows);
    }

    @Test
    public void missingValuesAreBlankAndUnseenNodesSayNever() {
        Dpv d = new Dpv("d1", null, null, null, null, 0, 0, 0, null, null);
        assertEquals(List.of("d1", "", "", "", "0 B", "0 B", "0", "never", ""), Tables.dpvRows(List.of(d)).get(0));
    }

    @Test
    public void listsAreSortedByName() {
        List<List<String>> rows = Tables.dpvRows(List.of(Fixtures.dpv("d2", null), Fixtures.dpv("d1", null)));
        assertEquals("d1", rows.get(0).get(0));
        assertEquals("d2", rows.get(1).get(0));
    }

    @Test
    public void dvgRowJoinsMembers() {
        List<List<String>> rows = Tables.dvgRows(new Fixtures.Dvgs().list());
        assertEquals(List.of("g1", "d1,d2", "0 B", "0 B", "1", "preferred"), rows.get(0));
        assertEquals(List.of("g2", "d3", "1.0 GiB", "1.0 GiB", "0", "preferred"), rows.get(1));
    }

    @Test
    public void ihostRowShowsIqnAndAttachedDlvs() {
        Ihost h = new Ihost("h1", "iqn.2026-11.org.example:h1", NodeStatus.available, null, null, null, null);
        assertEquals(List.of("h1", "available", "iqn.2026-11.org.example:h1", "", "never", ""),
                Tables.ihostRows(List.of(h)).get(0));
        assertEquals("v1,v2", Tables.ihostRows(new Fixtures.Ihosts().list()).get(0).get(3));
    }

    @Test
    public void operationsKeepTheServiceOrder() {
        List<List<String>> rows = Tables.operationRows(List.of(Fixtures.operation("op-9", OperationStatus.running),
                new Operation("op-1", "dvg-extend", "dvg/g1", OperationStatus.failed, "timed out", "t0", "t1", "karaf")));
        assertEquals(List.of("op-9", "dpv-register", "dpv/d1", "running", "2026-11-25T10:00:00Z", "", ""),
                rows.get(0));
        assertEquals(List.of("op-1", "dvg-extend", "dvg/g1", "failed", "t0", "t1", "timed out"), rows.get(1));
    }

    @Test
    public void partRowsAreSortedByPartName() {
        List<List<String>> rows = Tables.partRows(List.of(List.of("dpv-agent", "connected"),
                List.of("broker-link", "waiting for broker")));
        assertEquals(List.of(List.of("broker-link", "waiting for broker"), List.of("dpv-agent", "connected")), rows);
    }

    @Test
    public void identityDetailsJoinRoles() {
        NodeIdentity id = new NodeIdentity() {
            public String name() {
                return "n1";
            }

            public List<String> roles() {
                return List.of("controller", "dpv");
            }

            public String driver() {
                return "lvm";
            }

            public String version() {
                return "0.1.0";
            }
        };
        assertEquals(List.of(List.of("Name", "n1"), List.of("Roles", "controller,dpv"), List.of("Driver", "lvm"),
                List.of("Version", "0.1.0")), Tables.identityDetails(id));
    }

    @Test
    public void renderedTableHasHeaderAndAlignedCells() {
        String text = Tables.render(Tables.table(Tables.DVG_HEADER, Tables.dvgRows(new Fixtures.Dvgs().list())));
        String[] lines = text.split("\\R");
        assertEquals(4, lines.length); // header, rule, two rows
        assertTrue(lines[0].startsWith("Name | DPVs "));
        assertTrue(lines[1], lines[1].matches("-+\\+-+\\+-+\\+-+\\+-+\\+-+"));
        assertTrue(lines[2].startsWith("g1   | d1,d2 | 0 B "));
    }

    @Test
    public void detailsHaveNoHeaderLine() {
        Dvg g = new Dvg("g1", List.of("d1"), 1536, 0, 0);
        String text = Tables.render(Tables.details(Tables.dvgDetails(g)));
        assertFalse(text.contains("Field"));
        assertTrue(text, text.contains("Total         | 1.5 KiB"));
        assertTrue(text, text.contains("Domain policy | preferred"));
    }

    @Test
    public void acceptedLineNamesTheOperationToFollow() {
        Accepted<Dpv> a = new Accepted<>(Fixtures.dpv("d1", null), Fixtures.operation("op-42", OperationStatus.pending));
        assertEquals("Operation op-42 (pending); follow it with dlvm:operation-show op-42", Tables.acceptedLine(a));
        assertEquals("No operation started", Tables.acceptedLine(new Accepted<>(Fixtures.dpv("d1", null), null)));
    }

    @Test
    public void dlvRowsAreSortedAndFollowTheHeader() {
        List<List<String>> rows = Tables.dlvRows(new Fixtures.Dlvs().list());
        assertEquals(List.of("Name", "Status", "DVG", "Size", "Data size", "Stripes", "Replicas", "Ihost", "Device",
                "Reason"), Tables.DLV_HEADER);
        assertEquals(List.of("v1", "attached", "g1", "10.0 GiB", "2.0 GiB", "1", "2", "h1", "/dev/mapper/dlvm-v1", ""),
                rows.get(0));
        assertEquals("v2", rows.get(1).get(0));
    }

    @Test
    public void aDetachedDlvHasBlankIhostAndDevice() {
        Dlv v = new Dlv("v3", "g1", 1024, 512, 2, 3, DlvStatus.error, "dpv d1 lost", null, null, null, null, null,
                null);
        assertEquals(List.of("v3", "error", "g1", "1.0 KiB", "512 B", "2", "3", "", "", "dpv d1 lost"),
                Tables.dlvRows(List.of(v)).get(0));
        assertEquals(List.of(), Tables.legRows(v.groups()));
        assertTrue(Tables.dlvDetails(v).contains(List.of("Snapshots", "")));
        Dlv reverting = new Dlv("v3", "g1", 1024, 512, 2, 3, DlvStatus.available, null, null, null, List.of("s1"), null,
                null, null, "s1");
        assertTrue(Tables.dlvDetails(reverting).contains(List.of("Revert pending", "s1")));
    }

    @Test
    public void dlvDetailsShowEveryField() {
        assertEquals(List.of(
                List.of("Name", "v1"), List.of("Status", "degraded"), List.of("Reason", ""), List.of("DVG", "g1"),
                List.of("Size", "10.0 GiB"), List.of("Data size", "2.0 GiB"), List.of("Stripes", "1"),
                List.of("Replicas", "2"), List.of("Ihost", "h1"), List.of("Device", "/dev/mapper/dlvm-v1"),
                List.of("Snapshots", "s1"), List.of("Revert pending", ""), List.of("Clone of", "-"), List.of("Copied", "-"),
                List.of("Created", "2026-11-25T10:00:00Z"),
                List.of("Updated", "2026-11-25T10:05:00Z")),
                Tables.dlvDetails(Fixtures.dlv("v1", DlvStatus.degraded)));
    }

    @Test
    public void legRowsRepeatTheirGroupAndKeepTheServiceOrder() {
        List<List<String>> rows = Tables.legRows(Fixtures.dlv("v1", DlvStatus.attached).groups());
        assertEquals(List.of(
                List.of("0", "0", "meta", "4.0 MiB", "AA idle", "v1-m0", "d1", "rack1", "4.0 MiB", "ok", "in_sync"),
                List.of("0", "0", "meta", "4.0 MiB", "AA idle", "v1-m1", "d2", "rack2", "4.0 MiB", "ok", "in_sync"),
                List.of("1", "0", "data", "2.0 GiB", "Aa recover 41.2 %", "v1-d0", "d1", "rack1", "2.0 GiB", "ok", "in_sync"),
                List.of("1", "0", "data", "2.0 GiB", "Aa recover 41.2 %", "v1-d1", "d2", "rack2", "2.0 GiB", "failed",
                        "syncing")),
                rows);
        assertEquals(Tables.LEG_HEADER.size(), rows.get(0).size());
    }

    @Test
    public void healthRowsListOnlyTheMirrorsThatLackACopy() {
        assertEquals(List.of(List.of("v1", "degraded", "1", "0", "data", "Aa recover 41.2 %", "v1-d1 on d2: syncing")),
                Tables.healthRows(List.of(Fixtures.dlv("v1", DlvStatus.degraded))));
        assertEquals(List.of(), Tables.healthRows(List.of(Fixtures.dlv("v2", DlvStatus.available).groups().stream()
                .findFirst().map(g -> new org.dlvm.api.Dlv("v2", "g1", 1, 1, 1, 2, DlvStatus.attached, null, "h1", null,
                        List.of(), List.of(g), null, null)).orElseThrow())));
    }

    @Test
    public void aGroupWithoutLegsStillShows() {
        List<List<String>> rows = Tables.legRows(List.of(new DlvGroup(3, 1, DlvGroup.DATA, 0, List.of()),
                new DlvGroup(4, 1, DlvGroup.META, 0, null)));
        assertEquals(List.of(List.of("3", "1", "data", "0 B", "", "", "", "", "", "", ""),
                List.of("4", "1", "meta", "0 B", "", "", "", "", "", "", "")), rows);
    }

    @Test
    public void snapshotRowsAreSortedByName() {
        List<List<String>> rows = Tables.snapshotRows(new Fixtures.Dlvs().snapshots("v1"));
        assertEquals(List.of(List.of("s1", "v1", "available", "2026-11-25T10:00:00Z"),
                List.of("s2", "v1", "creating", "2026-11-25T11:00:00Z")), rows);
    }

    @Test
    public void statusLinesNameTheObject() {
        assertEquals("DLV v1: attaching", Tables.dlvStatusLine(Fixtures.dlv("v1", DlvStatus.attaching)));
        assertEquals("Snapshot s1 of DLV v1: deleting",
                Tables.snapshotStatusLine(new Snapshot("s1", "v1", "deleting", null)));
    }

    @Test
    public void renderedLegTableLinesUpUnderItsHeader() {
        String text = Tables.render(Tables.table(Tables.LEG_HEADER,
                Tables.legRows(List.of(new DlvGroup(0, 0, DlvGroup.DATA, 1024, List.of(new DlvLeg("l", "d1", 1024, "ok")))))));
        String[] lines = text.split("\\R");
        assertEquals(3, lines.length);
        assertTrue(lines[0], lines[0].startsWith("Group | Stripe | Kind | Group size | Sync | Leg | DPV | Domain | Leg size"
                + " | Leg status | Health"));
        assertTrue(lines[2], lines[2].startsWith("0     | 0      | data | 1.0 KiB    |      | l   | d1  |        | 1.0 KiB "
                + " | ok         | unknown"));
    }
}
