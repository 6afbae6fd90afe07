package org.dlvm.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.dlvm.api.DlvSpec;
import org.dlvm.api.NodePart;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

public class CommandsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private final List<org.dlvm.api.AuditRecord> audit = new java.util.ArrayList<>();

    private <A extends DlvmAction> A wire(A action) {
        action.out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        action.err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        if (action instanceof DlvmChange change) {
            change.user = "ops";
            change.audit = audit::add;
        }
        return action;
    }

    /** dlvm:dlv-create v1 SIZE g1, wired to {@code dlvs}. */
    private DlvCreateCommand create(Fixtures.Dlvs dlvs, String size) {
        DlvCreateCommand c = wire(new DlvCreateCommand());
        c.dlvService = dlvs;
        c.name = "v1";
        c.size = size;
        c.dvg = "g1";
        return c;
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void missingControllerServiceSaysWhereToRunTheCommand() throws Exception {
        assertNull(wire(new DpvListCommand()).execute());
        assertEquals("Error: this node is not a controller (no DpvService service); run the command on the controller"
                + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    public void everyControllerCommandChecksItsService() throws Exception {
        List<DlvmAction> actions = List.of(new DpvAddCommand(), new DpvRemoveCommand(), new DpvShowCommand(),
                new DvgListCommand(), new DvgCreateCommand(), new DvgExtendCommand(), new DvgReduceCommand(),
                new DvgDeleteCommand(), new DvgShowCommand(), new IhostListCommand(), new IhostAddCommand(),
                new IhostRemoveCommand(), new OperationListCommand(), new OperationShowCommand(), new DlvListCommand(),
                new DlvShowCommand(), new DlvHealthCommand(), new DpvDomainCommand(), new DvgPolicyCommand(), new DpvEvacuateCommand(), new DvgRepairWindowCommand(), new DlvCreateCommand(), new DlvAttachCommand(), new DlvDetachCommand(),
                new DlvRevertCommand(), new DlvDeleteCommand(), new DlvExtendCommand(), new SnapshotCreateCommand(), new SnapshotListCommand(),
                new SnapshotDeleteCommand(), new NodeEnrolCommand());
        for (DlvmAction a : actions) {
            wire(a).execute();
        }
        String[] lines = err().split("\\R");
        assertEquals(actions.size(), lines.length);
        for (String line : lines) {
            assertTrue(line, line.matches("Error: this node is not a controller \\(no \\w+(Service|Enrolment) service\\); .*"));
        }
    }

    @Test
    public void serviceErrorsPrintTheirMessageOnly() throws Exception {
        DpvShowCommand c = wire(new DpvShowCommand());
        c.dpvService = new Fixtures.Dpvs();
        c.name = "nope";
        assertNull(c.execute());
        assertEquals("Error: no dpv named 'nope'" + System.lineSeparator(), err());
    }

    @Test
    public void dpvListPrintsOneRowPerDpv() throws Exception {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        dpvs.dpvs.add(Fixtures.dpv("d1", "g1"));
        DpvListCommand c = wire(new DpvListCommand());
        c.dpvService = dpvs;
        c.execute();
        assertTrue(out(), out().contains("Last seen"));
        assertTrue(out(), out().matches("(?s).*d1\\s+\\S\\s+available\\s+\\S\\s+g1\\s+\\S\\s+\\S\\s+100\\.0 GiB\\s+\\S\\s+1\\.5 KiB.*"));
        assertEquals("", err());
    }

    @Test
    public void dpvAddPassesTheAddressAndPrintsTheOperationId() throws Exception {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        DpvAddCommand c = wire(new DpvAddCommand());
        c.dpvService = dpvs;
        c.name = "d9";
        c.address = "10.0.0.9";
        c.execute();
        assertEquals(List.of("register d9 10.0.0.9"), dpvs.calls);
        assertTrue(out(), out().contains("d9"));
        assertTrue(out(), out().contains("Operation op-42 (pending)"));
    }

    @Test
    public void failureDomainsAreSetOnDpvsAndPoliciesOnDvgs() throws Exception {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        DpvAddCommand add = wire(new DpvAddCommand());
        add.dpvService = dpvs;
        add.name = "d9";
        add.failureDomain = "rack1";
        add.execute();
        DpvDomainCommand move = wire(new DpvDomainCommand());
        move.dpvService = dpvs;
        move.name = "d9";
        move.domain = "rack2";
        move.execute();
        DpvDomainCommand none = wire(new DpvDomainCommand());
        none.dpvService = dpvs;
        none.name = "d9";
        none.execute();
        assertEquals(List.of("register d9 null in rack1", "domain d9 rack2", "domain d9 null"), dpvs.calls);
        assertTrue(out(), out().matches("(?s).*Failure domain\\s+\\S\\s+rack2.*"));

        Fixtures.Dvgs dvgs = new Fixtures.Dvgs();
        DvgCreateCommand create = wire(new DvgCreateCommand());
        create.dvgService = dvgs;
        create.name = "g9";
        create.domainPolicy = org.dlvm.api.DomainPolicy.required;
        create.execute();
        DvgPolicyCommand policy = wire(new DvgPolicyCommand());
        policy.dvgService = dvgs;
        policy.name = "g9";
        policy.policy = org.dlvm.api.DomainPolicy.preferred;
        policy.execute();
        assertEquals(List.of("create g9 required", "policy g9 preferred"), dvgs.calls);
        assertTrue(out(), out().matches("(?s).*Domain policy\\s+\\S\\s+preferred.*"));
        assertEquals("", err());
    }

    @Test
    public void dpvEvacuateDrainsAndCancels() throws Exception {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        dpvs.dpvs.add(Fixtures.dpv("d1", null));
        DpvEvacuateCommand evacuate = wire(new DpvEvacuateCommand());
        evacuate.dpvService = dpvs;
        evacuate.name = "d1";
        evacuate.execute();
        assertTrue(out(), out().matches("(?s).*Draining\\s+\\S\\s+yes: its legs move to other dpvs.*"));
        DpvEvacuateCommand cancel = wire(new DpvEvacuateCommand());
        cancel.dpvService = dpvs;
        cancel.name = "d1";
        cancel.cancel = true;
        cancel.execute();
        assertEquals(List.of("evacuate d1", "cancel evacuation d1"), dpvs.calls);
        assertTrue(out(), out().matches("(?s).*Draining\\s+\\S\\s+no.*"));
        assertEquals("", err());
    }

    @Test
    public void dvgRepairWindowSetsSecondsOrTheDefault() throws Exception {
        Fixtures.Dvgs dvgs = new Fixtures.Dvgs();
        DvgRepairWindowCommand set = wire(new DvgRepairWindowCommand());
        set.dvgService = dvgs;
        set.name = "g9";
        set.seconds = 120L;
        set.execute();
        assertTrue(out(), out().matches("(?s).*Repair after\\s+\\S\\s+120 s.*"));
        DvgRepairWindowCommand reset = wire(new DvgRepairWindowCommand());
        reset.dvgService = dvgs;
        reset.name = "g9";
        reset.execute();
        assertEquals(List.of("repair window g9 120", "repair window g9 null"), dvgs.calls);
        assertTrue(out(), out().contains("the controller's default"));
        assertEquals("", err());
    }

    @Test
    public void dpvRemoveConfirms() throws Exception {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        dpvs.dpvs.add(Fixtures.dpv("d1", null));
        DpvRemoveCommand c = wire(new DpvRemoveCommand());
        c.dpvService = dpvs;
        c.name = "d1";
        c.execute();
        assertEquals("Removed dpv d1" + System.lineSeparator(), out());
        assertTrue(dpvs.dpvs.isEmpty());
    }

    @Test
    public void dvgExtendAndReduceGiveDvgThenDpv() throws Exception {
        Fixtures.Dvgs dvgs = new Fixtures.Dvgs();
        DvgExtendCommand extend = wire(new DvgExtendCommand());
        extend.dvgService = dvgs;
        extend.dvg = "g1";
        extend.dpv = "d1";
        extend.execute();
        DvgReduceCommand reduce = wire(new DvgReduceCommand());
        reduce.dvgService = dvgs;
        reduce.dvg = "g1";
        reduce.dpv = "d2";
        reduce.execute();
        assertEquals(List.of("extend g1 d1", "reduce g1 d2"), dvgs.calls);
        assertTrue(out(), out().contains("100.0 GiB"));
        assertEquals("Error: dpv 'd2' still holds 3 legs" + System.lineSeparator(), err());
    }

    @Test
    public void ihostAddWithoutIqnLeavesItToTheAgent() throws Exception {
        Fixtures.Ihosts ihosts = new Fixtures.Ihosts();
        IhostAddCommand c = wire(new IhostAddCommand());
        c.ihostService = ihosts;
        c.name = "h2";
        c.execute();
        assertEquals(List.of("register h2 null"), ihosts.calls);
        assertTrue(out(), out().contains("Operation op-7 (running)"));
    }

    @Test
    public void operationListUsesTheLimitAndRejectsNonPositiveOnes() throws Exception {
        Fixtures.Operations ops = new Fixtures.Operations();
        OperationListCommand c = wire(new OperationListCommand());
        c.operationService = ops;
        c.execute();
        assertEquals(20, ops.lastLimit);
        assertTrue(out(), out().indexOf("op-3") < out().indexOf("op-1"));

        OperationListCommand bad = wire(new OperationListCommand());
        bad.operationService = ops;
        bad.limit = 0;
        bad.execute();
        assertEquals("Error: --limit must be at least 1, got 0" + System.lineSeparator(), err());
    }

    @Test
    public void operationShowIncludesTheError() throws Exception {
        OperationShowCommand c = wire(new OperationShowCommand());
        c.operationService = new Fixtures.Operations();
        c.id = "op-1";
        c.execute();
        assertTrue(out(), out().contains("agent timed out"));
        assertTrue(out(), out().contains("2026-11-25T10:01:00Z"));
    }

    // ---- dlvs

    @Test
    public void dlvCreateParsesSizesAndUsesTheApiDefaults() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvCreateCommand c = create(dlvs, "10G");
        c.execute();
        assertEquals(List.of("create " + new DlvSpec("v1", 10L << 30, "g1", DlvSpec.DEFAULT_STRIPES,
                DlvSpec.DEFAULT_REPLICAS, null)), dlvs.calls);
        assertTrue(out(), out().matches("(?s).*Status\\s+\\S\\s+creating.*"));
        assertTrue(out(), out().contains("Operation op-9 (pending); follow it with dlvm:operation-show op-9"));
        assertEquals("", err());
    }

    @Test
    public void aChangeIsAuditedWithItsCommandLineUserAndOutcomeAndItsOperationNamesTheUser() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvCreateCommand c = create(dlvs, "10G");
        c.execute();
        assertEquals(List.of("ops"), dlvs.requesters);
        assertEquals(List.of(new org.dlvm.api.AuditRecord("ops", "shell", "dlvm:dlv-create v1 10G g1 --replicas 2 --stripes 1",
                "ok")), audit);
        DlvDeleteCommand d = wire(new DlvDeleteCommand());
        d.dlvService = dlvs;
        d.name = "nope";
        d.execute();
        assertEquals("dlvm:dlv-delete nope", audit.get(1).request());
        assertTrue(audit.get(1).outcome(), audit.get(1).outcome().startsWith("error: ") && err().contains(
                audit.get(1).outcome().substring("error: ".length())));
        DlvListCommand list = wire(new DlvListCommand());
        list.dlvService = dlvs;
        list.execute();
        assertEquals("reading is not audited", 2, audit.size());
    }

    @Test
    public void nodeEnrolPrintsTheAccountAndWhereItGoesAndAuditsNoPassword() throws Exception {
        NodeEnrolCommand c = wire(new NodeEnrolCommand());
        c.enrolment = node -> new org.dlvm.api.NodeEnrolment.BrokerCredentials(node, "node." + node, "pw123");
        c.node = "dpv7";
        c.execute();
        assertTrue(out(), out().contains("node.dpv7") && out().contains("echo 'pw123' > etc/dlvm-secrets/broker.password"));
        assertEquals(List.of(new org.dlvm.api.AuditRecord("ops", "shell", "dlvm:node-enrol dpv7", "ok")), audit);
        NodeEnrolCommand elsewhere = wire(new NodeEnrolCommand());
        elsewhere.node = "dpv7";
        elsewhere.execute();
        assertTrue(err(), err().contains("not a controller"));
    }

    @Test
    public void dlvCreatePassesItsOptions() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvCreateCommand c = create(dlvs, "1T");
        c.stripes = 4;
        c.replicas = 3;
        c.dataSize = "512M";
        c.execute();
        assertEquals(List.of("create " + new DlvSpec("v1", 1L << 40, "g1", 4, 3, 512L << 20)), dlvs.calls);
    }

    @Test
    public void dlvCreateWithCloneOfAsksForAnOnlineClone() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvCreateCommand c = create(dlvs, "10G");
        c.cloneOf = "v0";
        c.snapshot = "s1";
        c.execute();
        assertEquals(List.of("create " + new DlvSpec("v1", 10L << 30, "g1", 1, 2, null,
                new org.dlvm.api.CloneSource("v0", "s1"))), dlvs.calls);
        DlvCreateCommand alone = create(dlvs, "10G");
        alone.snapshot = "s1";
        alone.execute();
        assertTrue(err(), err().contains("--clone-of"));
        assertEquals("a snapshot without its dlv creates nothing", 1, dlvs.calls.size());
    }

    @Test
    public void aCloneShowsWhatItCopiesAndHowFar() {
        org.dlvm.api.Dlv cloning = new org.dlvm.api.Dlv("c1", "g1", 4L << 20, 4L << 20, 1, 2,
                org.dlvm.api.DlvStatus.cloning, null, "h1", null, List.of(), List.of(), null, null, null, "v0",
                "clone-c1", 1L << 20, 4L << 20, 25);
        String shown = Tables.dlvDetails(cloning).toString();
        assertTrue(shown, shown.contains("v0 snapshot clone-c1") && shown.contains("1.0 MiB of 4.0 MiB (25%)"));
    }

    @Test
    public void aBadSizeCreatesNothing() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvCreateCommand c = create(dlvs, "10G");
        c.dataSize = "2GB";
        c.execute();
        assertTrue(err(), err().startsWith("Error: '2GB' is not a size"));
        assertEquals(List.of(), dlvs.calls);

        DlvExtendCommand e = wire(new DlvExtendCommand());
        e.dlvService = dlvs;
        e.name = "v1";
        e.size = "lots";
        e.execute();
        assertEquals(List.of(), dlvs.calls);
        assertEquals("", out());
    }

    @Test
    public void dlvShowPrintsTheDlvThenOneRowPerLeg() throws Exception {
        DlvShowCommand c = wire(new DlvShowCommand());
        c.dlvService = new Fixtures.Dlvs();
        c.name = "v1";
        c.execute();
        assertTrue(out(), out().matches("(?s).*Status\\s+\\S\\s+degraded.*Device\\s+\\S\\s+/dev/mapper/dlvm-v1.*"));
        assertTrue(out(), out().contains("Leg status"));
        assertTrue(out(), out().matches("(?s).*1\\s+\\S\\s+0\\s+\\S\\s+data\\s+\\S\\s+2\\.0 GiB\\s+\\S\\s+Aa recover 41\\.2 %"
                + "\\s+\\S\\s+v1-d1\\s+\\S\\s+d2\\s+\\S\\s+rack2\\s+\\S\\s+2\\.0 GiB\\s+\\S\\s+failed\\s+\\S\\s+syncing.*"));
        assertEquals("", err());
    }

    @Test
    public void dlvHealthListsTheMirrorsLackingACopy() throws Exception {
        DlvHealthCommand c = wire(new DlvHealthCommand());
        c.dlvService = new Fixtures.Dlvs();
        c.execute();
        assertTrue(out(), out().contains("Legs not in sync"));
        assertTrue(out(), out().matches("(?s).*v1\\s+\\S\\s+\\S+\\s+\\S\\s+1\\s+.*v1-d1 on d2: syncing.*"));
        assertEquals("", err());
    }

    @Test
    public void dlvListShowsEveryDlv() throws Exception {
        DlvListCommand c = wire(new DlvListCommand());
        c.dlvService = new Fixtures.Dlvs();
        c.execute();
        assertTrue(out(), out().indexOf("v1") < out().indexOf("v2"));
        assertTrue(out(), out().contains("/dev/mapper/dlvm-v2"));
    }

    @Test
    public void aRevertSaysWhenItTakesEffect() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvRevertCommand revert = wire(new DlvRevertCommand());
        revert.dlvService = dlvs;
        revert.name = "v2";
        revert.snapshot = "s1";
        revert.execute();
        assertEquals(List.of("revert v2 s1"), dlvs.calls);
        assertEquals("DLV v2: available, reverted to snapshot s1 at its next attach" + System.lineSeparator(), out());
    }

    @Test
    public void dlvOperationsPrintTheStatusAndTheOperationId() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvAttachCommand attach = wire(new DlvAttachCommand());
        attach.dlvService = dlvs;
        attach.name = "v1";
        attach.ihost = "h1";
        attach.execute();
        DlvExtendCommand extend = wire(new DlvExtendCommand());
        extend.dlvService = dlvs;
        extend.name = "v1";
        extend.size = "20G";
        extend.execute();
        DlvDetachCommand detach = wire(new DlvDetachCommand());
        detach.dlvService = dlvs;
        detach.name = "v1";
        detach.execute();
        DlvDetachCommand forced = wire(new DlvDetachCommand());
        forced.dlvService = dlvs;
        forced.name = "v1";
        forced.force = true;
        forced.execute();
        assertEquals(List.of("attach v1 h1", "extend v1 " + (20L << 30), "detach v1", "detach v1 force"), dlvs.calls);
        String op = "Operation op-9 (pending); follow it with dlvm:operation-show op-9";
        assertEquals(String.join(System.lineSeparator(), "DLV v1: attaching", op, "DLV v1: extending to 20.0 GiB", op,
                "DLV v1: detaching", op, "DLV v1: detaching", op, ""), out());
    }

    @Test
    public void dlvDeleteOfAnAttachedDlvPrintsTheConflict() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        DlvDeleteCommand c = wire(new DlvDeleteCommand());
        c.dlvService = dlvs;
        c.name = "v1";
        c.execute();
        assertEquals(List.of("delete v1"), dlvs.calls);
        assertEquals("Error: dlv 'v1' is attached to ihost 'h1'" + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    public void snapshotCommandsNameTheDlvThenTheSnapshot() throws Exception {
        Fixtures.Dlvs dlvs = new Fixtures.Dlvs();
        SnapshotCreateCommand create = wire(new SnapshotCreateCommand());
        create.dlvService = dlvs;
        create.dlv = "v1";
        create.snapshot = "s3";
        create.execute();
        SnapshotDeleteCommand delete = wire(new SnapshotDeleteCommand());
        delete.dlvService = dlvs;
        delete.dlv = "v1";
        delete.snapshot = "s1";
        delete.execute();
        SnapshotListCommand list = wire(new SnapshotListCommand());
        list.dlvService = dlvs;
        list.dlv = "v1";
        list.execute();
        assertEquals(List.of("snapshot-create v1 s3", "snapshot-delete v1 s1", "snapshots v1"), dlvs.calls);
        assertTrue(out(), out().startsWith("Snapshot s3 of DLV v1: creating" + System.lineSeparator()
                + "Operation op-9 (pending)"));
        assertTrue(out(), out().contains("Snapshot s1 of DLV v1: deleting"));
        assertTrue(out(), out().matches("(?s).*s1\\s+\\S\\s+v1\\s+\\S\\s+available.*s2\\s+\\S\\s+v1\\s+\\S\\s+creating.*"));
    }

    @Test
    public void nodeStatusListsEveryPartEvenWhenOneFails() throws Exception {
        List<NodePart> parts = List.of(part("dpv-agent", "connected to tcp://c1:61616", null),
                part("broken", null, new IllegalStateException("boom")));
        NodeStatusCommand c = wire(new NodeStatusCommand());
        c.bundleContext = bundleContext(parts);
        c.execute();
        assertTrue(out(), out().contains("connected to tcp://c1:61616"));
        assertTrue(out(), out().contains("failed to report: java.lang.IllegalStateException: boom"));
        // without a NodeIdentity the parts are still shown, after saying what is missing
        assertTrue(err(), err().startsWith("Error: no NodeIdentity service"));
    }

    @Test
    public void nodeStatusSnapshotUngetsEveryService() {
        List<String> ungot = new ArrayList<>();
        List<List<String>> rows = NodeStatusCommand.parts(bundleContext(
                List.of(part("a", "ok", null), part("b", "ok", null)), ungot));
        assertEquals(List.of(List.of("a", "ok"), List.of("b", "ok")), rows);
        assertEquals(2, ungot.size());
    }

    private static NodePart part(String name, String state, RuntimeException failure) {
        return new NodePart() {
            public String partName() {
                if (failure != null) {
                    throw failure;
                }
                return name;
            }

            public String state() {
                return state;
            }
        };
    }

    private static BundleContext bundleContext(List<NodePart> parts) {
        return bundleContext(parts, new ArrayList<>());
    }

    /** Only the three methods the command calls; each reference carries its part's index. */
    @SuppressWarnings("unchecked")
    private static BundleContext bundleContext(List<NodePart> parts, List<String> ungot) {
        List<ServiceReference<NodePart>> refs = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("service.id", (long) i);
            refs.add((ServiceReference<NodePart>) Proxy.newProxyInstance(CommandsTest.class.getClassLoader(),
                    new Class<?>[] { ServiceReference.class }, (p, m, args) -> {
                        if (m.getName().equals("getProperty")) {
                            return props.get((String) args[0]);
                        }
                        if (m.getName().equals("hashCode")) {
                            return System.identityHashCode(p);
                        }
                        if (m.getName().equals("equals")) {
                            return p == args[0];
                        }
                        throw new UnsupportedOperationException(m.getName());
                    }));
        }
        return (BundleContext) Proxy.newProxyInstance(CommandsTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, args) -> {
                    switch (m.getName()) {
                    case "getServiceReferences":
                        return refs;
                    case "getService":
                        return parts.get(((Long) ((ServiceReference<?>) args[0]).getProperty("service.id")).intValue());
                    case "ungetService":
                        ungot.add(String.valueOf(((ServiceReference<?>) args[0]).getProperty("service.id")));
                        return true;
                    default:
                        throw new UnsupportedOperationException(m.getName());
                    }
                });
    }
}
