package org.dlvm.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.Dpv;
import org.dlvm.api.Dvg;
import org.dlvm.api.Ihost;
import org.dlvm.api.NodeIdentity;
import org.dlvm.api.Operation;
import org.dlvm.api.Snapshot;

/**
 * Everything the commands print, as plain rows, so that the output can be tested without
 * a Karaf console. Commands only fetch and hand the result here.
 */
final class Tables {
    static final List<String> DPV_HEADER = List.of("Name", "Status", "DVG", "Domain", "Total", "Free", "Legs", "Last seen",
            "Reason");
    static final List<String> DVG_HEADER = List.of("Name", "DPVs", "Total", "Free", "DLVs", "Domain policy");
    static final List<String> IHOST_HEADER = List.of("Name", "Status", "Initiator IQN", "Attached DLVs", "Last seen",
            "Reason");
    static final List<String> DLV_HEADER = List.of("Name", "Status", "DVG", "Size", "Data size", "Stripes",
            "Replicas", "Ihost", "Device", "Reason");
    /** One row per leg; the group's columns repeat so that each row can be grepped on its own. */
    static final List<String> LEG_HEADER = List.of("Group", "Stripe", "Kind", "Group size", "Sync", "Leg", "DPV",
            "Domain", "Leg size", "Leg status", "Health");
    static final List<String> SNAPSHOT_HEADER = List.of("Name", "DLV", "Status", "Created");
    static final List<String> OPERATION_HEADER = List.of("ID", "Kind", "Target", "Status", "Created", "Finished",
            "Error");
    static final List<String> PART_HEADER = List.of("Part", "State");
    /** Detail views are two columns without a header line, like {@code bundle:headers}. */
    static final List<String> DETAIL_HEADER = List.of("Field", "Value");

    private Tables() {
    }

    // ---- list views

    static List<List<String>> dpvRows(List<Dpv> dpvs) {
        List<List<String>> rows = new ArrayList<>();
        for (Dpv d : sortedBy(dpvs, Dpv::name)) {
            rows.add(List.of(text(d.name()), text(d.status()), text(d.dvg()), text(d.failureDomain()), Sizes.human(d.totalSize()),
                    Sizes.human(d.freeSize()), String.valueOf(d.legCount()), lastSeen(d.lastSeen()),
                    text(d.reason())));
        }
        return rows;
    }

    static List<List<String>> dvgRows(List<Dvg> dvgs) {
        List<List<String>> rows = new ArrayList<>();
        for (Dvg g : sortedBy(dvgs, Dvg::name)) {
            rows.add(List.of(text(g.name()), joined(g.dpvs()), Sizes.human(g.totalSize()), Sizes.human(g.freeSize()),
                    String.valueOf(g.dlvCount()), text(g.domainPolicy())));
        }
        return rows;
    }

    static List<List<String>> ihostRows(List<Ihost> ihosts) {
        List<List<String>> rows = new ArrayList<>();
        for (Ihost h : sortedBy(ihosts, Ihost::name)) {
            rows.add(List.of(text(h.name()), text(h.status()), text(h.initiatorIqn()), joined(h.attachedDlvs()),
                    lastSeen(h.lastSeen()), text(h.reason())));
        }
        return rows;
    }

    static List<List<String>> dlvRows(List<Dlv> dlvs) {
        List<List<String>> rows = new ArrayList<>();
        for (Dlv v : sortedBy(dlvs, Dlv::name)) {
            rows.add(List.of(text(v.name()), text(v.status()), text(v.dvg()), Sizes.human(v.size()),
                    Sizes.human(v.dataSize()), String.valueOf(v.stripeNumber()), String.valueOf(v.replicas()),
                    text(v.ihost()), text(v.devicePath()), text(v.reason())));
        }
        return rows;
    }

    /** In the service's group order, which is the order the ihost assembles them in. */
    static List<List<String>> legRows(List<DlvGroup> groups) {
        List<List<String>> rows = new ArrayList<>();
        for (DlvGroup g : groups == null ? List.<DlvGroup>of() : groups) {
            List<String> group = List.of(String.valueOf(g.index()), String.valueOf(g.stripe()), text(g.kind()),
                    Sizes.human(g.size()), sync(g));
            if (g.legs() == null || g.legs().isEmpty()) {
                rows.add(concat(group, List.of("", "", "", "", "", "")));
            }
            for (DlvLeg l : g.legs() == null ? List.<DlvLeg>of() : g.legs()) {
                rows.add(concat(group, List.of(text(l.name()), text(l.dpv()), text(l.failureDomain()), Sizes.human(l.size()),
                        text(l.status()),
                        l.health() == null ? "" : l.health().name())));
            }
        }
        return rows;
    }

    /** "AD idle", "Aa recover 41.2 %": the kernel's characters and what runs; empty without a report. */
    static String sync(DlvGroup g) {
        if (g.health() == null) {
            return "";
        }
        String action = g.syncAction() == null ? "" : " " + g.syncAction();
        String percent = g.syncPercent() == null || "idle".equals(g.syncAction()) ? ""
                : " " + String.format(java.util.Locale.ROOT, "%.1f %%", g.syncPercent());
        return g.health() + action + percent;
    }

    static final List<String> HEALTH_HEADER = List.of("DLV", "Status", "Group", "Stripe", "Kind", "Sync", "Legs not in sync");

    /** The mirrors of served dlvs that lack a leg's copy, one row each: what an operator on call looks at first. */
    static List<List<String>> healthRows(List<Dlv> dlvs) {
        List<List<String>> rows = new ArrayList<>();
        for (Dlv d : sortedBy(dlvs, Dlv::name)) {
            for (DlvGroup g : d.groups() == null ? List.<DlvGroup>of() : d.groups()) {
                List<String> bad = (g.legs() == null ? List.<DlvLeg>of() : g.legs()).stream()
                        .filter(l -> l.health() != null && !l.health().holdsData())
                        .map(l -> l.name() + " on " + l.dpv() + ": " + l.health().name()).toList();
                if (!bad.isEmpty()) {
                    rows.add(List.of(text(d.name()), text(d.status()), String.valueOf(g.index()), String.valueOf(g.stripe()),
                            text(g.kind()), sync(g), String.join(", ", bad)));
                }
            }
        }
        return rows;
    }

    static List<List<String>> snapshotRows(List<Snapshot> snapshots) {
        List<List<String>> rows = new ArrayList<>();
        for (Snapshot s : sortedBy(snapshots, Snapshot::name)) {
            rows.add(List.of(text(s.name()), text(s.dlv()), text(s.status()), text(s.createdAt())));
        }
        return rows;
    }

    /** Kept in the service's order: newest first is what an operator looking for the last failure wants. */
    static List<List<String>> operationRows(List<Operation> operations) {
        List<List<String>> rows = new ArrayList<>();
        for (Operation o : operations) {
            rows.add(List.of(text(o.id()), text(o.kind()), text(o.target()), text(o.status()), text(o.createdAt()),
                    text(o.finishedAt()), text(o.error())));
        }
        return rows;
    }

    /** Rows are [part name, state] pairs; sorted so repeated calls are comparable by eye. */
    static List<List<String>> partRows(List<List<String>> parts) {
        List<List<String>> rows = new ArrayList<>(parts);
        rows.sort(Comparator.comparing((List<String> r) -> r.get(0)));
        return rows;
    }

    // ---- detail views

    static List<List<String>> dpvDetails(Dpv d) {
        return List.of(
                List.of("Name", text(d.name())),
                List.of("Address", text(d.address())),
                List.of("Status", text(d.status())),
                List.of("Reason", text(d.reason())),
                List.of("DVG", text(d.dvg())),
                List.of("Failure domain", text(d.failureDomain())),
                List.of("Draining", d.draining() ? "yes: its legs move to other dpvs" : "no"),
                List.of("Total", Sizes.human(d.totalSize())),
                List.of("Free", Sizes.human(d.freeSize())),
                List.of("Legs", String.valueOf(d.legCount())),
                List.of("Last seen", lastSeen(d.lastSeen())),
                List.of("Agent version", text(d.agentVersion())));
    }

    static List<List<String>> dvgDetails(Dvg g) {
        return List.of(
                List.of("Name", text(g.name())),
                List.of("DPVs", joined(g.dpvs())),
                List.of("Total", Sizes.human(g.totalSize())),
                List.of("Free", Sizes.human(g.freeSize())),
                List.of("DLVs", String.valueOf(g.dlvCount())),
                List.of("Domain policy", text(g.domainPolicy())),
                List.of("Repair after", g.repairAfterSeconds() == null ? "the controller's default"
                        : g.repairAfterSeconds() + " s"));
    }

    static List<List<String>> ihostDetails(Ihost h) {
        return List.of(
                List.of("Name", text(h.name())),
                List.of("Initiator IQN", text(h.initiatorIqn())),
                List.of("Status", text(h.status())),
                List.of("Reason", text(h.reason())),
                List.of("Attached DLVs", joined(h.attachedDlvs())),
                List.of("Last seen", lastSeen(h.lastSeen())),
                List.of("Agent version", text(h.agentVersion())));
    }

    static List<List<String>> dlvDetails(Dlv v) {
        return List.of(
                List.of("Name", text(v.name())),
                List.of("Status", text(v.status())),
                List.of("Reason", text(v.reason())),
                List.of("DVG", text(v.dvg())),
                List.of("Size", Sizes.human(v.size())),
                List.of("Data size", Sizes.human(v.dataSize())),
                List.of("Stripes", String.valueOf(v.stripeNumber())),
                List.of("Replicas", String.valueOf(v.replicas())),
                List.of("Ihost", text(v.ihost())),
                List.of("Device", text(v.devicePath())),
                List.of("Snapshots", joined(v.snapshots())),
                List.of("Revert pending", text(v.revertPending())),
                List.of("Clone of", v.cloneSource() == null ? "-" : v.cloneSource() + " snapshot " + v.cloneSnapshot()),
                List.of("Copied", copied(v.clonedBytes(), v.cloneBytes(), v.clonePercent())),
                List.of("Created", text(v.createdAt())),
                List.of("Updated", text(v.updatedAt())));
    }

    /** "12 MiB of 48 MiB (25%)", or "-" when nothing copies. */
    static String copied(Long done, Long total, Integer percent) {
        return total == null ? "-" : Sizes.human(done) + " of " + Sizes.human(total) + " (" + percent + "%)";
    }

    static List<List<String>> operationDetails(Operation o) {
        return List.of(
                List.of("ID", text(o.id())),
                List.of("Kind", text(o.kind())),
                List.of("Target", text(o.target())),
                List.of("Status", text(o.status())),
                List.of("Progress", copied(o.doneBytes(), o.totalBytes(), o.percent())),
                List.of("Created", text(o.createdAt())),
                List.of("Finished", text(o.finishedAt())),
                List.of("Error", text(o.error())));
    }

    static List<List<String>> identityDetails(NodeIdentity id) {
        return List.of(
                List.of("Name", text(id.name())),
                List.of("Roles", joined(id.roles())),
                List.of("Driver", text(id.driver())),
                List.of("Version", text(id.version())));
    }

    /** The line printed after a create/register, so the operator can follow the asynchronous part. */
    static String acceptedLine(Accepted<?> accepted) {
        Operation op = accepted.operation();
        if (op == null) {
            return "No operation started";
        }
        return "Operation " + text(op.id()) + " (" + text(op.status()) + "); follow it with dlvm:operation-show "
                + text(op.id());
    }

    /** First line after a dlv operation starts: which dlv, and the status it now shows. */
    static String dlvStatusLine(Dlv v) {
        return "DLV " + text(v.name()) + ": " + text(v.status());
    }

    static String snapshotStatusLine(Snapshot s) {
        return "Snapshot " + text(s.name()) + " of DLV " + text(s.dlv()) + ": " + text(s.status());
    }

    // ---- rendering

    static ShellTable table(List<String> header, List<List<String>> rows) {
        ShellTable table = new ShellTable();
        for (String column : header) {
            table.column(column);
        }
        for (List<String> row : rows) {
            table.addRow().addContent(new ArrayList<>(row));
        }
        return table;
    }

    static ShellTable details(List<List<String>> rows) {
        return table(DETAIL_HEADER, rows).noHeaders();
    }

    /** What {@link ShellTable#print(PrintStream)} would write, as a string; ASCII so it compares the same everywhere. */
    static String render(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            table.forceAscii().print(out, StandardCharsets.UTF_8, true);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---- cells

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    static String lastSeen(String lastSeen) {
        return lastSeen == null || lastSeen.isEmpty() ? "never" : lastSeen;
    }

    static String joined(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> List<T> sortedBy(List<T> items, java.util.function.Function<T, String> key) {
        List<T> sorted = new ArrayList<>(items == null ? List.of() : items);
        sorted.sort(Comparator.comparing(key, Comparator.nullsLast(Comparator.naturalOrder())));
        return sorted;
    }
}
