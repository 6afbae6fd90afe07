package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvLayout.Leg;
import org.dlvm.api.DlvLayout.Member;
import org.dlvm.api.DlvLayout.Mirror;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DlvAssemblerTest {
    private static final String DPV_A = "10.77.0.11";
    private static final String DPV_B = "10.77.0.12";
    private static final long MIB = Sizes.MIB;
    /** 8 MiB of thin metadata per meta mirror, 64 MiB of data per data mirror. */
    private static final long META_LEG = Sizes.legBytes(8 * MIB);
    private static final long DATA_LEG = Sizes.legBytes(64 * MIB);
    private static final String M = "/dev/mapper/";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeIhostKernel kernel;
    private DlvAssembler assembler;

    @Before
    public void aFreshIhost() throws Exception {
        Path root = tmp.newFolder("root").toPath();
        kernel = new FakeIhostKernel(root);
        assembler = new DlvAssembler(kernel, root, Duration.ofMillis(300));
    }

    // ---- layouts ----------------------------------------------------------------------------

    private static Leg leg(String id, String address) {
        return new Leg(id, address.equals(DPV_A) ? "dpv1" : "dpv2", address, 3260, null, null, true);
    }

    private static Leg unreachable(Leg leg) {
        return new Leg(leg.leg(), leg.dpv(), leg.address(), leg.port(), leg.chapUser(), leg.chapPassword(), false);
    }

    private static Mirror mirror(int index, long legBytes, boolean fresh, String prefix) {
        return new Mirror(index, legBytes, fresh, List.of(leg(prefix + "-a", DPV_A), leg(prefix + "-b", DPV_B)));
    }

    private static Member member(int i, int dataMirrors, boolean fresh) {
        List<Mirror> data = new ArrayList<>();
        for (int k = 0; k < dataMirrors; k++) {
            data.add(mirror(k, DATA_LEG, fresh, "l-s" + i + "-data" + k));
        }
        return new Member(i, List.of(mirror(0, META_LEG, fresh, "l-s" + i + "-meta0")), data);
    }

    private static DlvLayout layout(long sizeMib, long transactionId, Member... members) {
        return new DlvLayout("db1", sizeMib * MIB, 128, 128, 4096, 16, 0, transactionId, List.of(members));
    }

    /** The usual dlv: one member, fresh, 256 MiB virtual on 64 MiB of data. */
    private static DlvLayout fresh() {
        return layout(256, 0, member(0, 1, true));
    }

    private static DlvLayout assembled(long transactionId) {
        return layout(256, transactionId, member(0, 1, false));
    }

    private static DlvLayout twoMembers(long transactionId, boolean fresh) {
        return layout(512, transactionId, member(0, 1, fresh), member(1, 1, fresh));
    }

    private static String byPath(String address, String leg) {
        return IscsiadmCommands.byPathDevice(address, 3260, KernelNames.legTargetIqn(leg));
    }

    private static List<String> create(String name, String table) {
        return List.of("dmsetup", "create", name, "--table", table);
    }

    private static List<String> message(String pool, String message) {
        return List.of("dmsetup", "message", pool, "0", message);
    }

    // ---- assemble ---------------------------------------------------------------------------

    @Test
    public void aFreshDlvIsBuiltBottomUpWithExactTables() throws NodeException {
        AssembledDlv dlv = assembler.assemble(fresh());

        assertEquals(new AssembledDlv("/dev/mapper/dlvm-db1", 1, List.of()), dlv);
        String metaA = byPath(DPV_A, "l-s0-meta0-a");
        String metaB = byPath(DPV_B, "l-s0-meta0-b");
        String dataA = byPath(DPV_A, "l-s0-data0-a");
        String dataB = byPath(DPV_B, "l-s0-data0-b");
        String p = "dlvm-db1+s0-";
        List<List<String>> expected = List.of(
                create(p + "meta0-rm0", "0 8192 linear " + metaA + " 0"),
                create(p + "meta0-rd0", "0 16384 linear " + metaA + " 8192"),
                create(p + "meta0-rm1", "0 8192 linear " + metaB + " 0"),
                create(p + "meta0-rd1", "0 16384 linear " + metaB + " 8192"),
                create(p + "meta0", "0 16384 raid raid1 4 0 region_size 4096 nosync 2 " + M + p + "meta0-rm0 " + M + p
                        + "meta0-rd0 " + M + p + "meta0-rm1 " + M + p + "meta0-rd1"),
                create(p + "data0-rm0", "0 8192 linear " + dataA + " 0"),
                create(p + "data0-rd0", "0 131072 linear " + dataA + " 8192"),
                create(p + "data0-rm1", "0 8192 linear " + dataB + " 0"),
                create(p + "data0-rd1", "0 131072 linear " + dataB + " 8192"),
                create(p + "data0", "0 131072 raid raid1 4 0 region_size 4096 nosync 2 " + M + p + "data0-rm0 " + M + p
                        + "data0-rd0 " + M + p + "data0-rm1 " + M + p + "data0-rd1"),
                create(p + "pmeta", "0 16384 linear " + M + p + "meta0 0"),
                create(p + "pdata", "0 131072 linear " + M + p + "data0 0"),
                create(p + "pool", "0 131072 thin-pool " + M + p + "pmeta " + M + p + "pdata 128 16 0"),
                message(p + "pool", "create_thin 0"),
                message(p + "pool", "set_transaction_id 0 1"),
                create(p + "thin", "0 524288 thin " + M + p + "pool 0"),
                create("dlvm-db1", "0 524288 striped 1 128 " + M + p + "thin 0"));
        List<List<String>> changes = kernel.commands.stream()
                .filter(c -> c.get(0).equals("dmsetup") && List.of("create", "message").contains(c.get(1))).toList();
        assertEquals(expected, changes);
        assertEquals(1, kernel.poolMetadata.get(p + "pool").transactionId);
    }

    @Test
    public void eachLegGetsARecordShortTimeoutsManualStartupAndALogin() throws NodeException {
        assembler.assemble(fresh());

        String iqn = KernelNames.legTargetIqn("l-s0-meta0-a");
        List<String> node = List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", DPV_A + ":3260");
        List<List<String>> forLeg = kernel.commands.stream().filter(c -> c.containsAll(List.of("-T", iqn))).toList();
        assertEquals(List.of(
                plus(node, "-o", "show"),
                plus(node, "-o", "new"),
                plus(node, "--op", "update", "-n", "node.session.timeo.replacement_timeout", "-v", "5"),
                plus(node, "--op", "update", "-n", "node.startup", "-v", "manual"),
                plus(node, "--op", "update", "-n", "node.conn[0].timeo.login_timeout", "-v", "5"),
                plus(node, "--op", "update", "-n", "node.session.initial_login_retry_max", "-v", "2"),
                plus(node, "--op", "update", "-n", "node.session.auth.authmethod", "-v", "None"),
                plus(node, "--login")), forLeg);
        // the session list is read once for all legs
        assertEquals(1, kernel.ran("iscsiadm", "-m", "session").size());
        assertEquals(4, kernel.sessionCount());
    }

    @Test
    public void aNodeCommandRacedByAnotherWalkOfTheDatabaseIsRunAgain() throws NodeException {
        kernel.databaseRaces.put(List.of("node.session.timeo.replacement_timeout"), 2);
        kernel.databaseRaces.put(List.of("--login"), 1);

        assembler.assemble(fresh());

        String iqn = KernelNames.legTargetIqn("l-s0-meta0-a");
        assertEquals(3L, ranWith("-T", iqn, "node.session.timeo.replacement_timeout"));
        assertEquals(2L, ranWith("-T", iqn, "--login"));
        assertEquals("5", kernel.nodeSettings.get(iqn + "," + DPV_A + ":3260")
                .get("node.session.timeo.replacement_timeout"));
        assertEquals(4, kernel.sessionCount());
    }

    @Test
    public void aDatabaseFailureThatLastsFailsTheAssemblyNamingTheCommand() {
        kernel.databaseRaces.put(List.of("node.startup"), LegLogins.DATABASE_ATTEMPTS);
        try {
            assembler.assemble(fresh());
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("--op update -n node.startup -v manual failed (exit 6)"));
            assertTrue(e.getMessage(), e.getMessage().contains("encountered iSCSI database failure"));
        }
        assertEquals((long) LegLogins.DATABASE_ATTEMPTS, ranWith("node.startup"));
        assertEquals(List.of(), kernel.dmChanges());
    }

    private long ranWith(String... words) {
        return kernel.commands.stream().filter(c -> c.containsAll(List.of(words))).count();
    }

    @Test
    public void chapGoesOnTheRecordAndItsSecretStaysOutOfErrors() throws NodeException {
        Leg a = new Leg("l-s0-meta0-a", "dpv1", DPV_A, 3260, "dlvm-in", "s3cret-Pa55word", true);
        DlvLayout layout = new DlvLayout("db1", 256 * MIB, 128, 128, 4096, 16, 0, 0, List.of(new Member(0,
                List.of(new Mirror(0, META_LEG, true, List.of(a, leg("l-s0-meta0-b", DPV_B)))),
                List.of(mirror(0, DATA_LEG, true, "l-s0-data0")))));
        kernel.failures.put(List.of("node.session.auth.password"), "iscsiadm: cannot update\n");
        try {
            assembler.assemble(layout);
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("node.session.auth.password -v ********"));
            assertFalse(e.getMessage(), e.getMessage().contains("s3cret"));
        }
        assertEquals(List.of(), kernel.dmChanges());

        assembler.assemble(layout);
        String record = KernelNames.legTargetIqn("l-s0-meta0-a") + "," + DPV_A + ":3260";
        assertEquals("CHAP", kernel.nodeSettings.get(record).get("node.session.auth.authmethod"));
        assertEquals("dlvm-in", kernel.nodeSettings.get(record).get("node.session.auth.username"));
        assertEquals("s3cret-Pa55word", kernel.nodeSettings.get(record).get("node.session.auth.password"));
    }

    @Test
    public void assemblingAgainChangesNothing() throws NodeException {
        AssembledDlv first = assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();

        // the reply was lost: the same request again, then the controller's next view (not fresh, at 1)
        assertEquals(first, assembler.assemble(twoMembers(0, true)));
        assertEquals(first, assembler.assemble(twoMembers(1, false)));

        assertEquals(List.of(), kernel.dmChanges());
        assertEquals(List.of(), kernel.ran("iscsiadm", "-m", "node"));
        assertEquals("0 1048576 striped 2 128 254:" + kernel.devices.get("dlvm-db1+s0-thin").minor + " 0 254:"
                + kernel.devices.get("dlvm-db1+s1-thin").minor + " 0", kernel.devices.get("dlvm-db1").table);
    }

    @Test
    public void aCrashBetweenCreateThinAndTheTransactionIdIsFinished() throws NodeException {
        kernel.failures.put(List.of("set_transaction_id 0 1"), "device-mapper: message ioctl failed: Interrupted\n");
        try {
            assembler.assemble(fresh());
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("set_transaction_id 0 1"));
        }
        assertFalse(kernel.devices.containsKey("dlvm-db1+s0-thin"));

        assertEquals(1, assembler.assemble(fresh()).transactionId());
        assertEquals(1, kernel.poolMetadata.get("dlvm-db1+s0-pool").transactionId);
    }

    @Test
    public void aFailedMessageIsAFailure() {
        kernel.failures.put(List.of("create_thin 0"), "device-mapper: message ioctl on x failed: Operation not permitted\n");
        try {
            assembler.assemble(fresh());
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("create_thin 0 failed (exit 1): device-mapper: message ioctl"));
        }
        assertFalse(kernel.devices.containsKey("dlvm-db1+s0-thin"));
    }

    @Test
    public void aLegThatCannotBeReachedLeavesItsMirrorDegraded() throws NodeException {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-b"));
        DlvLayout marked = layout(256, 1, new Member(0, List.of(mirror(0, META_LEG, false, "l-s0-meta0")),
                List.of(new Mirror(0, DATA_LEG, false, List.of(unreachable(leg("l-s0-data0-a", DPV_A)),
                        leg("l-s0-data0-b", DPV_B))))));
        kernel.clearRecord();

        AssembledDlv dlv = assembler.assemble(assembled(1));

        assertEquals(List.of("l-s0-data0-b"), dlv.missingLegs());
        String p = "dlvm-db1+s0-data0";
        assertTrue(kernel.devices.get(p).table, kernel.devices.get(p).table.endsWith(" 2 "
                + kernel.devices.get(p + "-rm0").number() + " " + kernel.devices.get(p + "-rd0").number() + " - -"));
        assertFalse(kernel.devices.containsKey(p + "-rm1"));
        assertTrue(kernel.devices.containsKey("dlvm-db1"));
        // assembled again: the mirror runs as it is, and the leg is still reported
        assertEquals(List.of("l-s0-data0-b"), assembler.assemble(assembled(1)).missingLegs());
        // a leg marked unreachable is not even tried
        assembler.disassemble(assembled(1));
        kernel.unreachableTargets.clear();
        kernel.clearRecord();
        assertEquals(List.of("l-s0-data0-a"), assembler.assemble(marked).missingLegs());
        assertEquals(List.of(), kernel.commands.stream().filter(c -> c.contains(KernelNames.legTargetIqn("l-s0-data0-a")))
                .toList());
    }

    /** A dpv back with its exports: the running mirror takes the leg back by a reload, with no full rebuild. */
    @Test
    public void aLegThatAnswersAgainRejoinsItsRunningMirror() throws Exception {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-b"));
        assertEquals(List.of("l-s0-data0-b"), assembler.assemble(assembled(1)).missingLegs());
        kernel.unreachableTargets.clear();
        kernel.clearRecord();

        assertEquals(List.of(), assembler.assemble(assembled(1)).missingLegs());

        String p = "dlvm-db1+s0-data0";
        assertEquals("parts, the table with the leg, then the resume that revives it", List.of("create " + p + "-rm1",
                "create " + p + "-rd1", "load " + p, "suspend " + p, "resume " + p, "suspend " + p, "resume " + p),
                kernel.dmChanges());
        String table = kernel.devices.get(p).table;
        assertTrue(table, table.endsWith(" 2 " + kernel.devices.get(p + "-rm0").number() + " " + kernel.devices.get(p
                + "-rd0").number() + " " + kernel.devices.get(p + "-rm1").number() + " " + kernel.devices.get(p + "-rd1")
                .number()));
        assertFalse("the bitmap says what to copy: no rebuild of the whole leg", table.contains("rebuild"));
        assertEquals("AA", probe(assembled(1)).get(0).mirrors().get(1).legs());
        kernel.clearRecord();
        assembler.assemble(assembled(1));
        assertEquals("in again: nothing more to do", List.of(), kernel.dmChanges());
    }

    /** dm-raid failed the leg at a write while its dpv was away; a refresh tries it again once its disk runs. */
    @Test
    public void aFailedLegIsTriedAgainOnlyOnceItsDiskRuns() throws Exception {
        assembler.assemble(fresh());
        kernel.failLeg("dlvm-db1+s0-data0", 1);
        kernel.diskState(KernelNames.legTargetIqn("l-s0-data0-b"), "transport-offline");
        kernel.clearRecord();

        assembler.assemble(assembled(1));
        assertEquals("a suspend would wait on the stalled disk's I/O", List.of(), kernel.dmChanges());
        assertEquals("AD", probe(assembled(1)).get(0).mirrors().get(1).legs());

        kernel.diskState(KernelNames.legTargetIqn("l-s0-data0-b"), "running");
        kernel.clearRecord();
        assertEquals(List.of(), assembler.assemble(assembled(1)).missingLegs());
        assertEquals(List.of("suspend dlvm-db1+s0-data0", "resume dlvm-db1+s0-data0"), kernel.dmChanges());
        assertEquals(1, kernel.ran("dmsetup", "status", "--target", "raid").size());
        assertEquals("AA", probe(assembled(1)).get(0).mirrors().get(1).legs());
    }

    @Test
    public void aKernelThatRefusesTheReturningLegLeavesTheMirrorRunningWithoutIt() throws Exception {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-b"));
        assembler.assemble(assembled(1));
        String p = "dlvm-db1+s0-data0";
        String before = kernel.devices.get(p).table;
        kernel.unreachableTargets.clear();
        kernel.failures.put(List.of("dmsetup", "load", p), "device-mapper: reload ioctl on " + p
                + "  failed: Invalid argument\nCommand failed.\n");

        assertEquals(List.of("l-s0-data0-b"), assembler.assemble(assembled(1)).missingLegs());
        assertEquals(before, kernel.devices.get(p).table);
        assertFalse(kernel.devices.get(p).suspended);
        assertTrue(kernel.devices.containsKey("dlvm-db1"));
    }

    private static final String DPV_C = "10.77.0.13";

    /** The layout after a repair: data0's leg b (dead) replaced at its position by leg c on a third dpv. */
    private static DlvLayout repaired(boolean bReachable) {
        Mirror data = new Mirror(0, DATA_LEG, false, List.of(leg("l-s0-data0-a", DPV_A), new Leg("l-s0-data0-c", "dpv3",
                DPV_C, 3260, null, null, true, "l-s0-data0-b")));
        Mirror meta = mirror(0, META_LEG, false, "l-s0-meta0");
        return layout(256, 1, new Member(0, List.of(bReachable ? meta : new Mirror(0, META_LEG, false, List.of(
                meta.legs().get(0), unreachable(meta.legs().get(1))))), List.of(data)));
    }

    /**
     * A repair's new leg takes the dead leg's position in the running mirror: the mirror lets the
     * position go, its parts are made on the new disk, and a reload with rebuild copies the whole
     * leg; the old leg's session ends. Asked again, nothing is copied twice.
     */
    @Test
    public void aRepairsNewLegTakesTheDeadLegsPlaceAndIsCopiedWhole() throws Exception {
        assembler.assemble(fresh());
        String p = "dlvm-db1+s0-data0";
        kernel.failLeg(p, 1);
        String oldDisk = kernel.devices.get(p + "-rd1").table;
        kernel.clearRecord();

        assertEquals(List.of(), assembler.assemble(repaired(true)).missingLegs());

        assertEquals(List.of("load " + p, "suspend " + p, "resume " + p, "remove " + p + "-rm1", "remove " + p + "-rd1",
                "create " + p + "-rm1", "create " + p + "-rd1", "load " + p, "suspend " + p, "resume " + p),
                kernel.dmChanges());
        assertTrue(kernel.devices.get(p).table, kernel.devices.get(p).table.contains(" rebuild 1 "));
        assertFalse("the position's parts lie on the new leg's disk", kernel.devices.get(p + "-rd1").table.equals(oldDisk));
        org.dlvm.api.MirrorState data = probe(repaired(true)).get(0).mirrors().get(1);
        assertEquals("Aa", data.legs());
        assertEquals(List.of("l-s0-data0-a", "l-s0-data0-c"), data.legNames());
        assertEquals("recover", data.syncAction());
        assertEquals("the replaced leg's session ends", 1, kernel.ran("iscsiadm", "-m", "node", "-T",
                KernelNames.legTargetIqn("l-s0-data0-b"), "--logout").size());

        kernel.clearRecord();
        assembler.assemble(repaired(true));
        assertEquals("the mirror holds the new leg: no second copy", List.of(), kernel.dmChanges());
        kernel.rebuilt(p);
        assertEquals("AA", probe(repaired(true)).get(0).mirrors().get(1).legs());
    }

    /** The ihost rebooted during the copy: the mirror starts again with rebuild, from the start. */
    @Test
    public void aMirrorAssembledAgainDuringItsRepairCopiesTheNewLegAgain() throws Exception {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.clearRecord();

        assembler.assemble(repaired(true));

        String table = kernel.devices.get("dlvm-db1+s0-data0").table;
        assertTrue(table, table.contains(" rebuild 1 "));
        assertFalse(kernel.devices.get("dlvm-db1+s0-meta0").table.contains("rebuild"));
    }

    /** The survivor is out of reach too: a mirror never starts on a leg that holds nothing yet. */
    @Test
    public void aMirrorWithOnlyItsNewLegLeftDoesNotStart() throws Exception {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        Mirror data = new Mirror(0, DATA_LEG, false, List.of(unreachable(leg("l-s0-data0-a", DPV_A)), new Leg(
                "l-s0-data0-c", "dpv3", DPV_C, 3260, null, null, true, "l-s0-data0-b")));
        DlvLayout layout = layout(256, 1, new Member(0, List.of(mirror(0, META_LEG, false, "l-s0-meta0")), List.of(data)));
        try {
            assembler.assemble(layout);
            fail("assembled a mirror from a blank leg");
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("only a leg still being rebuilt"));
        }
        assertFalse(kernel.devices.containsKey("dlvm-db1+s0-data0"));
    }

    private List<org.dlvm.api.DlvState> probe(DlvLayout... layouts) throws NodeException {
        return assembler.mirrorStates(List.of(layouts));
    }

    /** What the ihost reports of its dlvs: every mirror's legs as dm-raid sees them, from one dmsetup status. */
    @Test
    public void theProbeReportsEachMirrorsLegsAsTheKernelSeesThem() throws NodeException {
        assertEquals(List.of(new org.dlvm.api.DlvState("db1", "none of its mirrors is assembled here", List.of())),
                probe(fresh()));
        assembler.assemble(fresh());
        kernel.clearRecord();
        assertEquals(List.of(new org.dlvm.api.DlvState("db1", null, List.of(
                new org.dlvm.api.MirrorState(0, "meta", 0, "AA", 16384, 16384, "idle", List.of("l-s0-meta0-a",
                        "l-s0-meta0-b")),
                new org.dlvm.api.MirrorState(0, "data", 0, "AA", 131072, 131072, "idle", List.of("l-s0-data0-a",
                        "l-s0-data0-b"))))), probe(fresh()));

        assertEquals("only raid devices are asked: a pool's status can wait on a stuck write",
                List.of(List.of("dmsetup", "status", "--target", "raid")), kernel.ran("dmsetup", "status"));
        kernel.failLeg("dlvm-db1+s0-data0", 1);
        assertEquals("AD", probe(fresh()).get(0).mirrors().get(1).legs());

        assembler.disassemble(fresh());
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-meta0-a"));
        assembler.assemble(assembled(1));
        assertEquals("a leg assembled without is missing", "-A", probe(assembled(1)).get(0).mirrors().get(0).legs());

        kernel.devices.remove("dlvm-db1+s0-data0"); // as if someone removed it by hand
        assertEquals("mirror devices missing: dlvm-db1+s0-data0", probe(assembled(1)).get(0).problem());
    }

    /**
     * dmsetup lists the devices, then asks each for its status: one removed in between (another
     * dlv taken down meanwhile) fails the command, but the others' states are still reported.
     */
    @Test
    public void aDeviceRemovedWhileTheProbeRunsFailsNoOtherDlv() throws NodeException {
        assembler.assemble(fresh());
        assembler.assemble(cloneTarget());
        kernel.vanishingAtStatus.add("dlvm-db2+s0-data0");

        List<org.dlvm.api.DlvState> states = probe(fresh(), cloneTarget());

        assertEquals(null, states.get(0).problem());
        assertEquals("AA", states.get(0).mirrors().get(1).legs());
        assertEquals("mirror devices missing: dlvm-db2+s0-data0", states.get(1).problem());

        kernel.failures.put(List.of("dmsetup", "status", "--target"), "/dev/mapper/control: open failed: Permission denied\n"
                + "Failure to communicate with kernel device-mapper driver.\nCommand failed.\n");
        try {
            probe(fresh());
            fail("any other failure of dmsetup is the probe's failure");
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Permission denied"));
        }
    }

    /** A clone's target: another dlv of the same shape on legs of its own. */
    private static DlvLayout cloneTarget() {
        return new DlvLayout("db2", 256 * MIB, 128, 128, 4096, 16, 0, 0, List.of(new Member(0,
                List.of(mirror(0, META_LEG, true, "l-c-meta0")), List.of(mirror(0, DATA_LEG, true, "l-c-data0")))));
    }

    private static final org.dlvm.node.CopyProgress NO_CANCEL = new org.dlvm.node.CopyProgress() {
        @Override
        public void copied(long copiedBytes, long totalBytes) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /**
     * A clone's copy reads the snapshot through devices of its own and the pool's mapped blocks from a
     * metadata snapshot, and leaves neither behind, whether it copies or fails half way.
     */
    @Test
    public void aCopyReadsTheSnapshotsMappedBlocksThroughItsOwnDevicesAndLeavesNothing() throws NodeException {
        assembler.assemble(fresh());
        assembler.createSnapshot(assembled(1), 1, 0);
        assembler.assemble(cloneTarget());
        java.util.Set<String> before = kernel.devices.keySet().stream().collect(java.util.stream.Collectors.toSet());
        kernel.clearRecord();

        assertEquals("nothing mapped, nothing copied", 0, assembler.copySnapshot(assembled(2), 1, cloneTarget(), NO_CANCEL));

        String p = "dlvm-db1+s0-";
        assertEquals(List.of(
                "create " + p + "snap1",
                "message " + p + "pool reserve_metadata_snap",
                "message " + p + "pool release_metadata_snap",
                "create dlvm-db1+snap1",
                "remove dlvm-db1+snap1",
                "remove " + p + "snap1"), kernel.dmChanges());
        assertEquals(List.of(List.of("thin_dump", "--metadata-snap", "--dev-id", "1", M + p + "pmeta")),
                kernel.ran("thin_dump"));
        assertTrue(kernel.commands.contains(create(p + "snap1", "0 524288 thin " + M + p + "pool 1")));
        assertTrue(kernel.commands.contains(create("dlvm-db1+snap1", "0 524288 striped 1 128 " + M + p + "snap1 0")));

        // mapped blocks to read, but the fake's snapshot device has no bytes: the copy fails, and still leaves nothing
        kernel.poolMetadata.get(p + "pool").mappings.put(1L, List.of(new long[] { 0, 4 }, new long[] { 9, 1 }));
        try {
            assembler.copySnapshot(assembled(2), 1, cloneTarget(), NO_CANCEL);
            fail("copied from a device without bytes");
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("failed after 0 of 327680 bytes"));
        }
        assertEquals(before, kernel.devices.keySet());
        assertFalse("the metadata snapshot is released", kernel.poolMetadata.get(p + "pool").metadataSnap);

        try {
            assembler.copySnapshot(assembled(2), 1, new DlvLayout("db2", 128 * MIB, 128, 128, 4096, 16, 0, 0,
                    cloneTarget().members()), NO_CANCEL);
            fail("copied onto a smaller dlv");
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is smaller than its source db1"));
        }
    }

    /** A copy's devices all go, though removing one of them fails: the failure says so, and no other is left. */
    @Test
    public void aCopyThatCannotRemoveOneOfItsDevicesStillRemovesTheOthers() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        assembler.createSnapshot(twoMembers(1, false), 2, 0);
        assembler.assemble(new DlvLayout("db2", 512 * MIB, 128, 128, 4096, 16, 0, 0, cloneTarget().members()));
        kernel.failures.put(List.of("dmsetup", "remove", "dlvm-db1+s1-snap2"), "device-mapper: remove ioctl failed");

        NodeException e = org.junit.Assert.assertThrows(NodeException.class, () -> assembler.copySnapshot(
                twoMembers(2, false), 2, new DlvLayout("db2", 512 * MIB, 128, 128, 4096, 16, 0, 0,
                        cloneTarget().members()), NO_CANCEL));

        assertTrue(e.getMessage(), e.getMessage().contains("remove ioctl failed"));
        assertTrue("the stripe device went", !kernel.devices.containsKey("dlvm-db1+snap2"));
        assertTrue("the other member's snapshot device went too", !kernel.devices.containsKey("dlvm-db1+s0-snap2"));
    }

    /** replicas 1: each "mirror" is one leg, no raid. */
    private static DlvLayout unmirrored(long transactionId) {
        return layout(256, transactionId, new Member(0, List.of(new Mirror(0, META_LEG, transactionId == 0,
                List.of(leg("l-s0-meta0-a", DPV_A)))), List.of(new Mirror(0, DATA_LEG, transactionId == 0,
                        List.of(leg("l-s0-data0-a", DPV_A))))));
    }

    /** One copy: each group is a linear device on its leg's data area (past the room kept for raid metadata). */
    @Test
    public void aOneLegMirrorIsALinearDeviceOnItsLegsDataArea() throws NodeException {
        assertTrue(MirrorProbe.hasUnmirrored(List.of(unmirrored(0))));
        assertFalse(MirrorProbe.hasUnmirrored(List.of(fresh())));

        AssembledDlv dlv = assembler.assemble(unmirrored(0));

        assertEquals(new AssembledDlv("/dev/mapper/dlvm-db1", 1, List.of()), dlv);
        String p = "dlvm-db1+s0-";
        List<List<String>> expected = List.of(
                create(p + "meta0", "0 16384 linear " + byPath(DPV_A, "l-s0-meta0-a") + " 8192"),
                create(p + "data0", "0 131072 linear " + byPath(DPV_A, "l-s0-data0-a") + " 8192"),
                create(p + "pmeta", "0 16384 linear " + M + p + "meta0 0"),
                create(p + "pdata", "0 131072 linear " + M + p + "data0 0"),
                create(p + "pool", "0 131072 thin-pool " + M + p + "pmeta " + M + p + "pdata 128 16 0"),
                message(p + "pool", "create_thin 0"),
                message(p + "pool", "set_transaction_id 0 1"),
                create(p + "thin", "0 524288 thin " + M + p + "pool 0"),
                create("dlvm-db1", "0 524288 striped 1 128 " + M + p + "thin 0"));
        assertEquals(expected, kernel.commands.stream()
                .filter(c -> c.get(0).equals("dmsetup") && List.of("create", "message").contains(c.get(1))).toList());
        assertEquals(List.of(new org.dlvm.api.DlvState("db1", null, List.of(
                new org.dlvm.api.MirrorState(0, "meta", 0, "A", 16384, 16384, "idle", List.of("l-s0-meta0-a")),
                new org.dlvm.api.MirrorState(0, "data", 0, "A", 131072, 131072, "idle", List.of("l-s0-data0-a"))))),
                probe(unmirrored(1)));

        kernel.clearRecord();
        assertEquals(dlv, assembler.assemble(unmirrored(1)));
        assertEquals("assembled again, nothing changes", List.of(), kernel.dmChanges());
    }

    /** Its leg's session made again (the dpv rebooted) gives the leg a new disk: the running device moves onto it. */
    @Test
    public void aRunningOneLegMirrorFollowsItsLegToANewDisk() throws Exception {
        assembler.assemble(unmirrored(0));
        String iqn = KernelNames.legTargetIqn("l-s0-data0-a");
        kernel.run(IscsiadmCommands.logout(iqn, DPV_A, 3260));
        String before = kernel.devices.get("dlvm-db1+s0-data0").table;
        kernel.clearRecord();

        assertEquals(List.of(), assembler.assemble(unmirrored(1)).missingLegs());

        String after = kernel.devices.get("dlvm-db1+s0-data0").table;
        assertFalse(before + " -> " + after, before.equals(after));
        assertTrue(after, after.startsWith("0 131072 linear 8:") && after.endsWith(" 8192"));
        assertEquals(List.of("load dlvm-db1+s0-data0", "suspend dlvm-db1+s0-data0", "resume dlvm-db1+s0-data0"),
                kernel.dmChanges());
    }

    /** No second copy to run on: the dlv is not assembled without its leg, and nothing is left half made. */
    @Test
    public void aOneLegMirrorWithoutItsLegFailsBeforeAnythingIsBuilt() {
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-a"));
        try {
            assembler.assemble(unmirrored(0));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("mirror dlvm-db1+s0-data0 is new and must start with every "
                    + "leg in sync, but leg l-s0-data0-a"));
        }
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aNewMirrorWithAMissingLegFailsBeforeAnythingIsBuilt() {
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-b"));
        try {
            assembler.assemble(fresh());
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("mirror dlvm-db1+s0-data0 is new and must start with every "
                    + "leg in sync, but leg l-s0-data0-b: iscsiadm -m node -T"));
            assertTrue(e.getMessage(), e.getMessage().contains("connection timed out"));
        }
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aMirrorWithoutAnyLegFails() {
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-a"));
        kernel.unreachableTargets.add(KernelNames.legTargetIqn("l-s0-data0-b"));
        try {
            assembler.assemble(assembled(1));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("mirror dlvm-db1+s0-data0 has no leg left: leg l-s0-data0-a"));
        }
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aLoggedInLegWithoutADiskIsMissing() throws NodeException {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.disklessTargets.add(KernelNames.legTargetIqn("l-s0-meta0-a"));

        AssembledDlv dlv = assembler.assemble(assembled(1));

        assertEquals(List.of("l-s0-meta0-a"), dlv.missingLegs());
    }

    @Test
    public void withoutUdevTheDiskComesFromTheSessionList() throws NodeException {
        kernel.udev = false;
        assembler.assemble(fresh());

        assertEquals("0 8192 linear 8:16 0", kernel.devices.get("dlvm-db1+s0-meta0-rm0").table);
        assertEquals(List.of("dmsetup", "create", "dlvm-db1+s0-meta0-rm0", "--table", "0 8192 linear /dev/sdb 0"),
                kernel.ran("dmsetup", "create").get(0));
        // assembled again, the tables name the same disks, by number; the disks are listed once for all legs
        kernel.clearRecord();
        assembler.assemble(assembled(1));
        assertEquals(List.of(), kernel.dmChanges());
        assertEquals(1, kernel.ran("iscsiadm", "-m", "session", "-P", "3").size());
    }

    @Test
    public void aTransactionIdOtherThanExpectedFailsNamingBoth() throws NodeException {
        assembler.assemble(fresh());
        assembler.disassemble(fresh());
        kernel.clearRecord();
        try {
            assembler.assemble(assembled(3));
            fail();
        } catch (NodeException e) {
            assertEquals("pool dlvm-db1+s0-pool is at thin-metadata transaction 1 but the controller expects 3", e.getMessage());
        }
        assertFalse(kernel.devices.containsKey("dlvm-db1+s0-thin"));
        assertEquals(List.of(), kernel.ran("dmsetup", "message"));
    }

    @Test
    public void aDeviceWithAnotherTableFailsNamingBothTables() throws NodeException {
        assembler.assemble(fresh());
        DlvLayout otherThin = new DlvLayout("db1", 256 * MIB, 128, 128, 4096, 16, 5, 1, List.of(member(0, 1, false)));
        kernel.poolMetadata.get("dlvm-db1+s0-pool").thins.add(5L);
        try {
            assembler.assemble(otherThin);
            fail();
        } catch (NodeException e) {
            int pool = kernel.devices.get("dlvm-db1+s0-pool").minor;
            assertEquals("dlvm-db1+s0-thin exists with table '0 524288 thin 254:" + pool + " 0' but the layout needs "
                    + "'0 524288 thin /dev/mapper/dlvm-db1+s0-pool 5' (as the kernel shows it: '0 524288 thin 254:" + pool
                    + " 5')", e.getMessage());
        }
    }

    @Test
    public void assemblyDoesNotGrowALiveDlv() throws NodeException {
        assembler.assemble(fresh());
        try {
            assembler.assemble(layout(384, 1, member(0, 1, false)));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dlvm-db1+s0-thin exists with table '0 524288 thin"));
        }
    }

    @Test
    public void aLayoutTheKernelWouldRefuseFailsBeforeAnyCommand() {
        try {
            // 64 KiB past 256 MiB: half a row of two 64 KiB chunks
            assembler.assemble(new DlvLayout("db1", 256 * MIB + 64 * 1024, 128, 128, 4096, 16, 0, 0,
                    List.of(member(0, 1, true), member(1, 1, true))));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("layout of dlv db1 cannot be assembled: striped length"));
        }
        assertEquals(List.of(), kernel.commands);
    }

    // ---- grow -------------------------------------------------------------------------------

    @Test
    public void growingAppendsMirrorsAndReloadsEachLayerOnItsOwnBottomUp() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();
        DlvLayout grown = layout(768, 1, grownMember(0), grownMember(1));

        AssembledDlv dlv = assembler.grow(grown);

        assertEquals(new AssembledDlv("/dev/mapper/dlvm-db1", 1, List.of()), dlv);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String p = "dlvm-db1+s" + i + "-";
            expected.addAll(List.of("create " + p + "data1-rm0", "create " + p + "data1-rd0", "create " + p + "data1-rm1",
                    "create " + p + "data1-rd1", "create " + p + "data1",
                    "load " + p + "pdata", "suspend " + p + "pdata", "resume " + p + "pdata",
                    "load " + p + "pool", "suspend " + p + "pool", "resume " + p + "pool",
                    "load " + p + "thin", "suspend " + p + "thin", "resume " + p + "thin"));
        }
        expected.addAll(List.of("load dlvm-db1", "suspend dlvm-db1", "resume dlvm-db1"));
        assertEquals(expected, kernel.dmChanges());
        // the two-segment data table goes through a file, which is gone afterwards
        List<String> load = kernel.ran("dmsetup", "load", "dlvm-db1+s0-pdata").get(0);
        assertEquals(4, load.size());
        assertFalse(Files.exists(Path.of(load.get(3))));
        String d0 = kernel.devices.get("dlvm-db1+s0-data0").number();
        String d1 = kernel.devices.get("dlvm-db1+s0-data1").number();
        assertEquals("0 131072 linear " + d0 + " 0\n131072 131072 linear " + d1 + " 0",
                kernel.devices.get("dlvm-db1+s0-pdata").table);
        assertTrue(kernel.devices.get("dlvm-db1+s0-pool").table.startsWith("0 262144 thin-pool "));
        assertTrue(kernel.devices.get("dlvm-db1+s1-thin").table.startsWith("0 786432 thin "));
        assertTrue(kernel.devices.get("dlvm-db1").table.startsWith("0 1572864 striped 2 128 "));
        assertTrue(kernel.devices.values().stream().noneMatch(d -> d.suspended || d.inactive != null));

        kernel.clearRecord();
        assertEquals(dlv, assembler.grow(grown));
        assertEquals(List.of(), kernel.dmChanges());
    }

    private static Member grownMember(int i) {
        return new Member(i, List.of(mirror(0, META_LEG, false, "l-s" + i + "-meta0")),
                List.of(mirror(0, DATA_LEG, false, "l-s" + i + "-data0"), mirror(1, DATA_LEG, true, "l-s" + i + "-data1")));
    }

    @Test
    public void growingTheMetadataAppendsToPoolMetadata() throws NodeException {
        assembler.assemble(fresh());
        kernel.clearRecord();
        Member more = new Member(0, List.of(mirror(0, META_LEG, false, "l-s0-meta0"), mirror(1, META_LEG, true, "l-s0-meta1")),
                List.of(mirror(0, DATA_LEG, false, "l-s0-data0")));

        assembler.grow(layout(256, 1, more));

        assertEquals(List.of("create dlvm-db1+s0-meta1-rm0", "create dlvm-db1+s0-meta1-rd0", "create dlvm-db1+s0-meta1-rm1",
                "create dlvm-db1+s0-meta1-rd1", "create dlvm-db1+s0-meta1",
                "load dlvm-db1+s0-pmeta", "suspend dlvm-db1+s0-pmeta", "resume dlvm-db1+s0-pmeta",
                "load dlvm-db1+s0-pool", "suspend dlvm-db1+s0-pool", "resume dlvm-db1+s0-pool"), kernel.dmChanges());
    }

    @Test
    public void growingNeedsAnAssembledDlvAndCannotShrink() throws NodeException {
        try {
            assembler.grow(assembled(1));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dlv db1 is not assembled on this ihost"));
        }
        assembler.assemble(fresh());
        try {
            assembler.grow(layout(128, 1, member(0, 1, false)));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dlvm-db1+s0-thin exists with table '0 524288 thin"));
        }
        assertTrue(kernel.devices.values().stream().noneMatch(d -> d.suspended));
    }

    // ---- revert -----------------------------------------------------------------------------

    /** Thin 0 (the head) with snapshot thin 1 taken, then detached: the pools at transaction 2. */
    private void snapshotTakenAndDetached() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        assertEquals(2, assembler.createSnapshot(twoMembers(1, false), 1, 0));
        assembler.disassemble(twoMembers(2, false));
        kernel.clearRecord();
    }

    private static DlvLayout revertingTo(long snapshotThinId) {
        DlvLayout l = twoMembers(2, false);
        return new DlvLayout(l.dlv(), l.sizeBytes(), l.thinBlockSectors(), l.stripeChunkSectors(), l.regionSectors(),
                l.lowWaterBlocks(), l.thinId(), l.transactionId(), l.members(), snapshotThinId);
    }

    private List<String> poolMessages() {
        return kernel.dmChanges().stream().filter(c -> c.startsWith("message ") || c.endsWith("-thin")).toList();
    }

    @Test
    public void aRevertedHeadIsMadeAgainFromTheSnapshotBeforeItsThinDeviceAppears() throws NodeException {
        snapshotTakenAndDetached();

        AssembledDlv dlv = assembler.assemble(revertingTo(1));

        assertEquals(3, dlv.transactionId());
        assertEquals(List.of("message dlvm-db1+s0-pool delete 0", "message dlvm-db1+s0-pool create_snap 0 1",
                "message dlvm-db1+s0-pool set_transaction_id 2 3", "create dlvm-db1+s0-thin",
                "message dlvm-db1+s1-pool delete 0", "message dlvm-db1+s1-pool create_snap 0 1",
                "message dlvm-db1+s1-pool set_transaction_id 2 3", "create dlvm-db1+s1-thin"), poolMessages());
        for (String pool : List.of("dlvm-db1+s0-pool", "dlvm-db1+s1-pool")) {
            assertEquals(java.util.Set.of(0L, 1L), kernel.poolMetadata.get(pool).thins);
            assertEquals(3, kernel.poolMetadata.get(pool).transactionId);
        }
        assertTrue(kernel.devices.containsKey("dlvm-db1"));
    }

    @Test
    public void aRevertWhosePoolsRecordedItIsNotDoneAgain() throws NodeException {
        snapshotTakenAndDetached();
        assembler.assemble(revertingTo(1));
        assembler.disassemble(twoMembers(3, false));
        kernel.clearRecord();

        // the attach's reply was lost: the controller still has the revert pending at transaction 2
        assertEquals(3, assembler.assemble(revertingTo(1)).transactionId());

        assertEquals(List.of("create dlvm-db1+s0-thin", "create dlvm-db1+s1-thin"), poolMessages());
    }

    @Test
    public void aRevertInterruptedBetweenItsMessagesIsFinished() throws NodeException {
        snapshotTakenAndDetached();
        kernel.failures.put(List.of("dlvm-db1+s1-pool", "create_snap 0 1"), "device-mapper: message ioctl failed: Interrupted\n");
        try {
            assembler.assemble(revertingTo(1));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("create_snap 0 1"));
        }
        // stripe 1 lost its head and has no thin device: nothing could write to it
        assertEquals(java.util.Set.of(1L), kernel.poolMetadata.get("dlvm-db1+s1-pool").thins);
        assertFalse(kernel.devices.containsKey("dlvm-db1+s1-thin"));
        assertFalse(kernel.devices.containsKey("dlvm-db1"));

        assertEquals(3, assembler.assemble(revertingTo(1)).transactionId());

        assertEquals(java.util.Set.of(0L, 1L), kernel.poolMetadata.get("dlvm-db1+s1-pool").thins);
        assertEquals(3, kernel.poolMetadata.get("dlvm-db1+s1-pool").transactionId);
        assertEquals(3, kernel.poolMetadata.get("dlvm-db1+s0-pool").transactionId);
    }

    @Test
    public void aHeadWhoseThinDeviceRunsHereIsNotReverted() throws NodeException {
        snapshotTakenAndDetached();
        assembler.assemble(twoMembers(2, false));
        kernel.clearRecord();
        try {
            assembler.assemble(revertingTo(1));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cannot be reverted while its thin device dlvm-db1+s0-thin runs"));
        }
        assertEquals(List.of(), poolMessages());
    }

    // ---- snapshots --------------------------------------------------------------------------

    @Test
    public void aSnapshotIsTakenWithTheUserDeviceAndEveryThinSuspended() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();

        assertEquals(2, assembler.createSnapshot(twoMembers(1, false), 1, 0));

        assertEquals(List.of("suspend dlvm-db1", "suspend dlvm-db1+s0-thin", "suspend dlvm-db1+s1-thin",
                "message dlvm-db1+s0-pool create_snap 1 0", "message dlvm-db1+s0-pool set_transaction_id 1 2",
                "message dlvm-db1+s1-pool create_snap 1 0", "message dlvm-db1+s1-pool set_transaction_id 1 2",
                "resume dlvm-db1+s0-thin", "resume dlvm-db1+s1-thin", "resume dlvm-db1"), kernel.dmChanges());
        assertEquals(List.of(new FakeIhostKernel.Snap("dlvm-db1+s0-pool", 1, 0, true, true),
                new FakeIhostKernel.Snap("dlvm-db1+s1-pool", 1, 0, true, true)), kernel.snaps);

        // repeated after a lost reply: found done, nothing suspended
        kernel.clearRecord();
        assertEquals(2, assembler.createSnapshot(twoMembers(1, false), 1, 0));
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aFailedSnapshotMessageStillResumesEverything() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();
        kernel.failures.put(List.of("dlvm-db1+s1-pool", "create_snap 1 0"), "device-mapper: message ioctl failed: No space left on device\n");
        try {
            assembler.createSnapshot(twoMembers(1, false), 1, 0);
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
        }
        List<String> changes = kernel.dmChanges();
        assertEquals(List.of("resume dlvm-db1+s0-thin", "resume dlvm-db1+s1-thin", "resume dlvm-db1"),
                changes.subList(changes.size() - 3, changes.size()));
        assertTrue(kernel.devices.values().stream().noneMatch(d -> d.suspended));
        // pool 0 took it, pool 1 did not: the repeat finishes pool 1 only
        kernel.clearRecord();
        assertEquals(2, assembler.createSnapshot(twoMembers(1, false), 1, 0));
        assertEquals(List.of("suspend dlvm-db1", "suspend dlvm-db1+s0-thin", "suspend dlvm-db1+s1-thin",
                "message dlvm-db1+s1-pool create_snap 1 0", "message dlvm-db1+s1-pool set_transaction_id 1 2",
                "resume dlvm-db1+s0-thin", "resume dlvm-db1+s1-thin", "resume dlvm-db1"), kernel.dmChanges());
    }

    @Test
    public void aSuspendThatFailsResumesWhatWasSuspended() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();
        kernel.failures.put(List.of("suspend", "dlvm-db1+s1-thin"), "device-mapper: suspend ioctl failed: Interrupted\n");
        try {
            assembler.createSnapshot(twoMembers(1, false), 1, 0);
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("suspend ioctl failed"));
        }
        assertEquals(List.of("suspend dlvm-db1", "suspend dlvm-db1+s0-thin", "suspend dlvm-db1+s1-thin",
                "resume dlvm-db1+s0-thin", "resume dlvm-db1"), kernel.dmChanges());
        assertTrue(kernel.snaps.isEmpty());
    }

    @Test
    public void aSnapshotAtAnUnexpectedTransactionFailsBeforeSuspending() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        kernel.clearRecord();
        try {
            assembler.createSnapshot(twoMembers(4, false), 1, 0);
            fail();
        } catch (NodeException e) {
            assertEquals("pool dlvm-db1+s0-pool is at thin-metadata transaction 1 but the controller expects 4", e.getMessage());
        }
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aSnapshotNeedsTheDlvAssembled() {
        try {
            assembler.createSnapshot(assembled(1), 1, 0);
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dlv db1 is not assembled on this ihost (no dlvm-db1,"));
        }
    }

    @Test
    public void deletingASnapshotAdvancesEveryPoolOnce() throws NodeException {
        assembler.assemble(twoMembers(0, true));
        assembler.createSnapshot(twoMembers(1, false), 1, 0);
        kernel.clearRecord();

        assertEquals(3, assembler.deleteSnapshot(twoMembers(2, false), 1));
        assertEquals(List.of("message dlvm-db1+s0-pool delete 1", "message dlvm-db1+s0-pool set_transaction_id 2 3",
                "message dlvm-db1+s1-pool delete 1", "message dlvm-db1+s1-pool set_transaction_id 2 3"), kernel.dmChanges());
        kernel.clearRecord();
        assertEquals(3, assembler.deleteSnapshot(twoMembers(2, false), 1));
        assertEquals(List.of(), kernel.dmChanges());
        try {
            assembler.deleteSnapshot(twoMembers(3, false), 0);
            fail();
        } catch (NodeException e) {
            assertEquals("thin 0 is dlv db1's active thin: it cannot be deleted", e.getMessage());
        }
    }

    @Test
    public void aDeleteInterruptedBeforeItsTransactionIdIsFinished() throws NodeException {
        assembler.assemble(fresh());
        assembler.createSnapshot(assembled(1), 7, 0);
        kernel.failures.put(List.of("set_transaction_id 2 3"), "device-mapper: message ioctl failed: Interrupted\n");
        try {
            assembler.deleteSnapshot(assembled(2), 7);
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Interrupted"));
        }
        assertEquals(3, assembler.deleteSnapshot(assembled(2), 7));
        assertEquals(3, kernel.poolMetadata.get("dlvm-db1+s0-pool").transactionId);
    }

    // ---- disassemble ------------------------------------------------------------------------

    @Test
    public void disassemblyRemovesAHalfBuiltStackTopDownAndLogsOut() throws NodeException {
        kernel.failures.put(List.of("create", "dlvm-db1+s1-pool"), "device-mapper: reload ioctl failed: Invalid argument\n");
        try {
            assembler.assemble(twoMembers(0, true));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Invalid argument"));
        }
        // another dlv whose name starts the same must stay
        kernel.run(List.of("dmsetup", "create", "dlvm-db10", "--table", "0 8 error"));
        kernel.clearRecord();

        assembler.disassemble(twoMembers(0, true));

        List<String> removed = kernel.dmChanges();
        // member 0 got as far as its thin, member 1 up to its pool's data
        assertEquals(List.of("remove dlvm-db1+s0-thin", "remove dlvm-db1+s0-pool"), removed.subList(0, 2));
        assertEquals(14 + 12, removed.size());
        assertTrue(removed.indexOf("remove dlvm-db1+s1-pdata") < removed.indexOf("remove dlvm-db1+s1-data0"));
        assertTrue(removed.indexOf("remove dlvm-db1+s1-data0") < removed.indexOf("remove dlvm-db1+s1-data0-rd1"));
        assertEquals(List.of("dlvm-db10"), List.copyOf(kernel.devices.keySet()));
        assertEquals(0, kernel.sessionCount());
        assertTrue(kernel.nodeRecords.isEmpty());
        assertEquals(8, kernel.ran("iscsiadm", "-m", "node").stream().filter(c -> c.contains("--logout")).count());

        // again: nothing left, which is success
        kernel.clearRecord();
        assembler.disassemble(twoMembers(0, true));
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void aDeviceInUseStopsDisassemblyWithDmsetupsWords() throws NodeException {
        assembler.assemble(fresh());
        kernel.run(List.of("dmsetup", "create", "dlvm-db1x", "--table", "0 8 linear /dev/mapper/dlvm-db1 0"));
        try {
            assembler.disassemble(fresh());
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dmsetup remove dlvm-db1 failed (exit 1): device-mapper: "
                    + "remove ioctl on dlvm-db1  failed: Device or resource busy"));
        }
        assertEquals(4, kernel.sessionCount());
    }

    /**
     * What the controller's cleanup sees and removes of a stack no layout describes any longer:
     * only stacks count (a lone dlvm-name may be an LV of a volume group called "dlvm", a +l1
     * linear is a dpv's), and the teardown needs nothing but the part and the legs.
     */
    @Test
    public void holdingsNameTheStacksAndSessionsAndATeardownNeedsNoLayout() throws NodeException {
        assembler.assemble(fresh());
        kernel.run(List.of("dmsetup", "create", "dlvm-db10", "--table", "0 8 error"));
        kernel.run(List.of("dmsetup", "create", "dlvm-leg9+l1", "--table", "0 8 error"));
        org.dlvm.node.NodeHoldings.Ihost held = assembler.holdings();
        assertEquals(List.of("db1"), held.dlvParts());
        assertEquals(4, held.sessionLegs().size());
        assertEquals(held.sessionLegs(), held.sessionLegs().stream().sorted().distinct().toList());

        assembler.tearDown("db1", held.sessionLegs());
        assertEquals(List.of("dlvm-db10", "dlvm-leg9+l1"), kernel.devices.keySet().stream().sorted().toList());
        assertEquals(0, kernel.sessionCount());
        assertTrue(kernel.nodeRecords.isEmpty());
        assertEquals(new org.dlvm.node.NodeHoldings.Ihost(List.of(), List.of()), assembler.holdings());
        // again: nothing left, which is success
        kernel.clearRecord();
        assembler.tearDown("db1", held.sessionLegs());
        assertEquals(List.of(), kernel.dmChanges());
    }

    @Test
    public void teardownOrderIsUsersFirst() {
        assertEquals(0, DlvAssembler.teardownRank("dlvm-db1", "db1"));
        assertEquals(1, DlvAssembler.teardownRank("dlvm-db1+s12-thin", "db1"));
        assertEquals("a snapshot's own device goes first, its thins with the dlv's", 0,
                DlvAssembler.teardownRank("dlvm-db1+snap7", "db1"));
        assertEquals(1, DlvAssembler.teardownRank("dlvm-db1+s3-snap7", "db1"));
        assertEquals(2, DlvAssembler.teardownRank("dlvm-db1+s0-pool", "db1"));
        assertEquals(3, DlvAssembler.teardownRank("dlvm-db1+s0-pmeta", "db1"));
        assertEquals(3, DlvAssembler.teardownRank("dlvm-db1+s0-pdata", "db1"));
        assertEquals(4, DlvAssembler.teardownRank("dlvm-db1+s0-data10", "db1"));
        assertEquals(4, DlvAssembler.teardownRank("dlvm-db1+s0-meta0", "db1"));
        assertEquals(5, DlvAssembler.teardownRank("dlvm-db1+s0-meta0-rm1", "db1"));
        assertEquals(5, DlvAssembler.teardownRank("dlvm-db1+s0-data3-rd0", "db1"));
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
