package org.dlvm.node.linux;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.dlvm.node.NodeException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LegExecutorTest {
    private static final String VG = "dlvm_vg";
    private static final String LEG = "leg-1";
    private static final String LV = "dlvm-leg-1";
    private static final String L1 = "dlvm-leg-1+l1";
    private static final String L2 = "dlvm-leg-1+l2";
    private static final long BYTES = 16 * Sizes.MIB;
    private static final long SECTORS = BYTES / 512;
    private static final String IHOST1 = "iqn.2026-11.org.dlvm:ihost1";
    private static final String IHOST2 = "iqn.2026-11.org.dlvm:ihost2";
    private static final String TARGET = "iscsi/iqn.2026-11.org.dlvm:leg.leg-1";
    private static final String TPG = TARGET + "/tpgt_1";
    private static final String BACKSTORE = "core/iblock_0/dlvm-leg-1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private DpvKernelFake kernel;
    private ConfigfsModel configfs;
    private LegExecutor legs;

    @Before
    public void stageADpv() throws IOException {
        Path root = tmp.newFolder().toPath();
        kernel = new DpvKernelFake(root, VG, 64 * Sizes.MIB);
        Path target = root.resolve("sys/kernel/config/target");
        configfs = new ConfigfsModel(target);
        legs = new LegExecutor(kernel, root, new LioConfigfs(target.toString()), configfs);
    }

    // ---- create

    @Test
    public void aNewDataLegIsMadeTaggedZeroedAtItsHeadUntaggedAndStacked() throws Exception {
        legs.create(VG, LEG, BYTES, false);

        assertEquals(List.of(
                LvmCommands.lvsCommand(VG),
                LvmCommands.lvcreateCommand(VG, LV, BYTES),
                LvmCommands.lvsCommand(VG),
                LvmCommands.lvchangeDropFreshTagCommand(VG, LV),
                DmsetupCommands.deviceNumbers(),
                DmsetupCommands.create(L1, "0 " + SECTORS + " linear 253:10 0"),
                DmsetupCommands.deviceNumbers(),
                DmsetupCommands.create(L2, "0 " + SECTORS + " linear 253:11 0")), kernel.ran);
        assertTrue(kernel.volumes.get(LV).tags.isEmpty());
        assertZeros(0, 4096);
        assertStale(4096, 4096);
        // a data leg's thin superblock position is data like any other
        assertStale(4 * Sizes.MIB, 4096);
    }

    @Test
    public void aNewMetadataLegAlsoReadsZerosWhereThePoolLooksForItsSuperblock() throws Exception {
        legs.create(VG, LEG, BYTES, true);

        assertZeros(0, 4096);
        assertStale(4096, (int) (4 * Sizes.MIB - 4096));
        assertZeros(4 * Sizes.MIB, 4096);
        assertStale(4 * Sizes.MIB + 4096, 4096);
    }

    @Test
    public void aRepeatedCreateNeitherMakesNorZeroesAnything() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        writeData(0);
        kernel.ran.clear();

        legs.create(VG, LEG, BYTES, true);

        assertEquals(List.of(LvmCommands.lvsCommand(VG), DmsetupCommands.deviceNumbers(), DmsetupCommands.table(L1),
                DmsetupCommands.table(L2)), kernel.ran);
        assertData(0);
    }

    @Test
    public void afterARebootOnlyTheLinearsAreMadeAgainAndTheLegKeepsItsBytes() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        writeData(0);
        writeData(4 * Sizes.MIB);
        kernel.reboot();
        kernel.ran.clear();

        legs.create(VG, LEG, BYTES, true);

        assertEquals(List.of(), kernel.ran("lvm", "lvcreate"));
        assertEquals(List.of(), kernel.ran("lvm", "lvchange"));
        assertEquals(2, kernel.ran("dmsetup", "create").size());
        assertData(0);
        assertData(4 * Sizes.MIB);
    }

    @Test
    public void aCrashBetweenLvcreateAndZeroingIsZeroedByTheRetry() throws Exception {
        // the second lvs comes right after lvcreate, before any zeroing
        int[] lvsCalls = {0};
        kernel.crashBefore = c -> c.equals(LvmCommands.lvsCommand(VG)) && ++lvsCalls[0] == 2;
        expectFailure("simulated crash", () -> legs.create(VG, LEG, BYTES, true));
        assertTrue(kernel.volumes.get(LV).tags.contains(LvmCommands.FRESH_TAG));
        assertStale(0, 4096);

        legs.create(VG, LEG, BYTES, true);

        assertEquals(1, kernel.ran("lvm", "lvcreate").size());
        assertZeros(0, 4096);
        assertZeros(4 * Sizes.MIB, 4096);
        assertTrue(kernel.volumes.get(LV).tags.isEmpty());
        assertEquals(2, kernel.tables.size());
    }

    @Test
    public void aCrashBeforeTheTagGoesZeroesAgainAndThenNeverMore() throws Exception {
        kernel.crashBefore = c -> c.equals(LvmCommands.lvchangeDropFreshTagCommand(VG, LV));
        expectFailure("simulated crash", () -> legs.create(VG, LEG, BYTES, false));
        assertTrue(kernel.volumes.get(LV).tags.contains(LvmCommands.FRESH_TAG));
        // nothing can have used the leg yet: no linear exists while the tag is there
        assertTrue(kernel.tables.isEmpty());
        Files.write(kernel.device(LV), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);

        legs.create(VG, LEG, BYTES, false);
        assertZeros(0, 4096);
        writeData(0);
        legs.create(VG, LEG, BYTES, false);

        assertData(0);
        assertEquals(1, kernel.ran("lvm", "lvchange").size());
    }

    @Test
    public void anLvOfAnotherSizeIsAnErrorNamingBothSizes() throws Exception {
        kernel.addVolume(LV, 8 * Sizes.MIB);
        expectFailure("LV dlvm_vg/dlvm-leg-1 is 8388608 bytes, but the leg is 16777216 bytes",
                () -> legs.create(VG, LEG, BYTES, false));
        assertStale(0, 4096);
        assertTrue(kernel.tables.isEmpty());
    }

    @Test
    public void notEnoughSpaceIsLvmsOwnMessage() {
        expectFailure("Volume group \"dlvm_vg\" has insufficient free space (16 extents): 32 required.",
                () -> legs.create(VG, LEG, 128 * Sizes.MIB, false));
        assertTrue(kernel.volumes.isEmpty());
    }

    @Test
    public void aMissingVolumeGroupIsLvmsOwnMessage() {
        expectFailure("Volume group \"other_vg\" not found", () -> legs.create("other_vg", LEG, BYTES, false));
    }

    @Test
    public void anInactiveLvIsActivatedBeforeItsLinearIsMade() throws Exception {
        kernel.addVolume(LV, BYTES).active = false;

        legs.create(VG, LEG, BYTES, false);

        assertEquals(1, kernel.ran(LvmCommands.lvchangeActivateCommand(VG, LV).toArray(String[]::new)).size());
        assertEquals("0 " + SECTORS + " linear 253:10 0", kernel.tables.get(L1));
        assertStale(0, 4096);
    }

    @Test
    public void aFreshTaggedLvThatIsOpenIsNotZeroed() throws Exception {
        kernel.addVolume(LV, BYTES, LvmCommands.FRESH_TAG);
        kernel.tables.put("dlvm-someone", "0 8 linear 253:10 0");
        kernel.minors.put("dlvm-someone", 99);

        expectFailure("is open", () -> legs.create(VG, LEG, BYTES, false));
        assertStale(0, 4096);
    }

    @Test
    public void aLinearWithAnotherTableIsReportedAndLeftAlone() throws Exception {
        kernel.addVolume(LV, BYTES);
        kernel.tables.put(L1, "0 8192 linear 253:10 0");
        kernel.minors.put(L1, 50);

        expectFailure("dm device dlvm-leg-1+l1 exists with table '0 8192 linear 253:10 0', not '0 32768 linear 253:10 0'",
                () -> legs.create(VG, LEG, BYTES, false));
        assertEquals("0 8192 linear 253:10 0", kernel.tables.get(L1));
        assertFalse(kernel.tables.containsKey(L2));
    }

    @Test
    public void badIdsFailAsNodeExceptionsBeforeAnyCommand() {
        expectFailure("invalid leg id", () -> legs.create(VG, "../x", BYTES, false));
        expectFailure("invalid volume group name", () -> legs.create("-vg", LEG, BYTES, false));
        expectFailure("must be a multiple of 512 larger than 4198400", () -> legs.create(VG, LEG, 4 * Sizes.MIB, true));
        assertEquals(List.of(), kernel.ran);
    }

    // ---- export

    @Test
    public void aFreshExportServesLayerTwoToOneInitiatorWithChap() throws Exception {
        legs.create(VG, LEG, BYTES, true);

        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");

        assertEquals("/dev/mapper/dlvm-leg-1+l2",
                ConfigfsApplier.infoDevice(configfs.text(BACKSTORE + "/info")).orElseThrow());
        assertEquals("1", configfs.text(BACKSTORE + "/enable").strip());
        assertTrue(Files.isSymbolicLink(configfs.target.resolve(TPG + "/lun/lun_0/dlvm-leg-1")));
        assertEquals(List.of("0.0.0.0:3260"), configfs.subdirectories(configfs.target.resolve(TPG + "/np")));
        assertEquals("1", configfs.text(TPG + "/attrib/authentication").strip());
        assertEquals("0", configfs.text(TPG + "/attrib/generate_node_acls").strip());
        assertEquals("0", configfs.text(TPG + "/attrib/demo_mode_write_protect").strip());
        assertEquals(List.of(IHOST1), configfs.subdirectories(configfs.target.resolve(TPG + "/acls")));
        assertEquals("dlvm-leg-1", configfs.text(TPG + "/acls/" + IHOST1 + "/auth/userid").strip());
        assertEquals("s3cret", configfs.text(TPG + "/acls/" + IHOST1 + "/auth/password").strip());
        assertEquals(configfs.target.resolve(TPG + "/lun/lun_0"),
                Files.readSymbolicLink(configfs.target.resolve(TPG + "/acls/" + IHOST1 + "/lun_0/dlvm-leg-1")));
        assertEquals("1", configfs.text(TPG + "/enable").strip());
        assertFalse(String.join("\n", configfs.changes).contains("s3cret"));
    }

    @Test
    public void aRepeatedExportChangesNothing() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");
        configfs.changes.clear();

        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");

        assertEquals(List.of(), configfs.changes);
    }

    @Test
    public void exportingToAnotherInitiatorFencesTheOldOneAndLeavesTheTargetUp() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");
        configfs.changes.clear();

        legs.export(LEG, IHOST2, "dlvm-leg-1", "n3w-secret");

        assertEquals(List.of(IHOST1), configfs.fenced);
        assertEquals(List.of(IHOST2), configfs.subdirectories(configfs.target.resolve(TPG + "/acls")));
        assertEquals("n3w-secret", configfs.text(TPG + "/acls/" + IHOST2 + "/auth/password").strip());
        // the old ACL goes before the new one is made: the two ihosts never both hold the leg
        assertEquals(List.of(
                "unlink " + TPG + "/acls/" + IHOST1 + "/lun_0/dlvm-leg-1",
                "rmdir " + TPG + "/acls/" + IHOST1 + "/lun_0",
                "rmdir " + TPG + "/acls/" + IHOST1,
                "mkdir " + TPG + "/acls/" + IHOST2,
                "write " + TPG + "/acls/" + IHOST2 + "/auth/userid = dlvm-leg-1",
                "write " + TPG + "/acls/" + IHOST2 + "/auth/password = ********",
                "mkdir " + TPG + "/acls/" + IHOST2 + "/lun_0",
                "symlink " + TPG + "/acls/" + IHOST2 + "/lun_0/dlvm-leg-1"), configfs.changes);
    }

    /** What the controller's cleanup compares with its rows: DLVM's LVs and targets only, each target's initiators. */
    @Test
    public void holdingsListTheLegsAndEachTargetsInitiators() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.create(VG, "leg-2", BYTES, false);
        legs.export(LEG, IHOST1, null, null);
        org.dlvm.node.NodeHoldings.Dpv held = legs.holdings(VG);
        assertEquals(List.of(LEG, "leg-2"), held.legVolumes());
        assertEquals(java.util.Map.of(LEG, List.of(IHOST1)), held.exports());

        legs.unexport(LEG);
        assertEquals(java.util.Map.of(), legs.holdings(VG).exports());
    }

    @Test
    public void withoutChapTheTargetAsksForNoAuthentication() throws Exception {
        legs.create(VG, LEG, BYTES, true);

        legs.export(LEG, IHOST1, null, null);

        assertEquals("0", configfs.text(TPG + "/attrib/authentication").strip());
        assertEquals("", configfs.text(TPG + "/acls/" + IHOST1 + "/auth/userid").strip());
    }

    @Test
    public void anExportCutShortAnywhereIsFinishedByTheRetry() throws Exception {
        int count = exportSteps().size();
        for (int done = 0; done <= count; done++) {
            stageADpv();
            legs.create(VG, LEG, BYTES, true);
            List<ConfigfsStep> steps = exportSteps();
            new ConfigfsApplier(configfs).build(steps.subList(0, done));

            legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");

            assertEquals("after " + done + " steps", "1", configfs.text(TPG + "/enable").strip());
            assertEquals("after " + done + " steps", "s3cret",
                    configfs.text(TPG + "/acls/" + IHOST1 + "/auth/password").strip());
        }
    }

    private List<ConfigfsStep> exportSteps() {
        return new LioConfigfs(configfs.target.toString()).exportLeg(LEG, "/dev/mapper/dlvm-leg-1+l2", "0.0.0.0", 3260,
                IHOST1, "dlvm-leg-1", "s3cret");
    }

    @Test
    public void aBackstoreEnabledOnAnotherDeviceIsReportedNotReused() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        new ConfigfsApplier(configfs).build(List.of(ConfigfsStep.mkdir(configfs.target + "/core/iblock_0"),
                ConfigfsStep.mkdir(configfs.target + "/" + BACKSTORE),
                ConfigfsStep.write(configfs.target + "/" + BACKSTORE + "/control", "udev_path=/dev/sdz"),
                ConfigfsStep.write(configfs.target + "/" + BACKSTORE + "/enable", "1")));

        expectFailure("is enabled on /dev/sdz, not /dev/mapper/dlvm-leg-1+l2", () -> legs.export(LEG, IHOST1, null, null));
    }

    @Test
    public void theBackstoresDeviceIsReadFromItsInfoAsTheKernelWritesIt() {
        assertEquals("/dev/mapper/dlvm-leg-a+l2", ConfigfsApplier.infoDevice(
                "Status: ACTIVATED  Max Queue Depth: 0  SectorSize: 512  HwMaxSectors: 4294967288\n"
                        + "        iBlock device: dm-2  UDEV PATH: /dev/mapper/dlvm-leg-a+l2  readonly: 0\n"
                        + "        Major: 254 Minor: 2  CLAIMED: IBLOCK\n").orElseThrow());
        assertTrue(ConfigfsApplier.infoDevice("Status: DEACTIVATED  Max Queue Depth: 0\n").isEmpty());
    }

    @Test
    public void noExportWithoutTheLegsDevice() {
        expectFailure("leg leg-1 has no device dlvm-leg-1+l2 to export: create the leg first",
                () -> legs.export(LEG, IHOST1, null, null));
        assertEquals(List.of(), configfs.changes);
    }

    @Test
    public void badExportArgumentsFailAsNodeExceptions() {
        expectFailure("invalid iSCSI name", () -> legs.export(LEG, "../x", null, null));
        expectFailure("CHAP needs both", () -> legs.export(LEG, IHOST1, "user", null));
        assertEquals(List.of(), kernel.ran);
    }

    // ---- unexport

    @Test
    public void unexportingAnAbsentTargetIsDone() throws Exception {
        legs.unexport(LEG);
        assertEquals(List.of(), configfs.changes);
    }

    @Test
    public void unexportTakesTheTargetAndBackstoreAwayAndEndsTheSessions() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");

        legs.unexport(LEG);

        assertEquals(List.of(IHOST1), configfs.fenced);
        assertFalse(Files.exists(configfs.target.resolve(TARGET)));
        assertFalse(Files.exists(configfs.target.resolve(BACKSTORE)));
        // the HBA is shared by every leg's backstore
        assertTrue(Files.isDirectory(configfs.target.resolve("core/iblock_0")));
        configfs.changes.clear();
        legs.unexport(LEG);
        assertEquals(List.of(), configfs.changes);
    }

    @Test
    public void anUnexportCutShortIsFinishedByTheRetry() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, null, null);
        List<ConfigfsStep> steps = new LioConfigfs(configfs.target.toString()).unexportLeg(LEG, List.of("0.0.0.0:3260"),
                List.of(IHOST1));
        new ConfigfsApplier(configfs).tearDown(steps.subList(0, 5));

        legs.unexport(LEG);

        assertFalse(Files.exists(configfs.target.resolve(TARGET)));
        assertFalse(Files.exists(configfs.target.resolve(BACKSTORE)));
    }

    // ---- delete

    @Test
    public void deleteTakesTheWholeStackAway() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, "dlvm-leg-1", "s3cret");

        legs.delete(VG, LEG);

        assertFalse(Files.exists(configfs.target.resolve(TARGET)));
        assertFalse(Files.exists(configfs.target.resolve(BACKSTORE)));
        assertTrue(kernel.tables.isEmpty());
        assertTrue(kernel.volumes.isEmpty());
        assertEquals(List.of(DmsetupCommands.remove(L2), DmsetupCommands.remove(L1)), kernel.ran("dmsetup", "remove"));
    }

    @Test
    public void deleteFinishesWhateverIsLeft() throws Exception {
        // only the LV (a create cut short, or a reboot)
        kernel.addVolume(LV, BYTES);
        legs.delete(VG, LEG);
        assertTrue(kernel.volumes.isEmpty());
        assertEquals(List.of(), kernel.ran("dmsetup", "remove"));

        // layer 1 without layer 2
        legs.create(VG, LEG, BYTES, false);
        kernel.tables.remove(L2);
        kernel.minors.remove(L2);
        kernel.ran.clear();
        legs.delete(VG, LEG);
        assertEquals(List.of(DmsetupCommands.remove(L1)), kernel.ran("dmsetup", "remove"));
        assertTrue(kernel.volumes.isEmpty());

        // nothing at all
        kernel.ran.clear();
        legs.delete(VG, LEG);
        assertEquals(List.of(DmsetupCommands.deviceNumbers(), LvmCommands.lvsCommand(VG)), kernel.ran);
    }

    @Test
    public void deleteNeverReachesAnotherLv() throws Exception {
        kernel.addVolume("dlvm-leg-2", BYTES);
        kernel.addVolume("root", BYTES);
        legs.delete(VG, LEG);
        assertEquals(List.of("dlvm-leg-2", "root"), List.copyOf(kernel.volumes.keySet()));
        assertEquals(List.of(), kernel.ran("lvm", "lvremove"));
    }

    @Test
    public void aBusyLinearIsDmsetupsOwnMessage() throws Exception {
        legs.create(VG, LEG, BYTES, false);
        kernel.tables.put("dlvm-leg-1+copy", "0 8 linear 253:12 0");
        kernel.minors.put("dlvm-leg-1+copy", 77);

        expectFailure("remove ioctl on dlvm-leg-1+l2 failed: Device or resource busy", () -> legs.delete(VG, LEG));
        assertTrue(kernel.volumes.containsKey(LV));
    }

    @Test
    public void deleteWithABadVolumeGroupTouchesNothing() throws Exception {
        legs.create(VG, LEG, BYTES, true);
        legs.export(LEG, IHOST1, null, null);
        configfs.changes.clear();

        expectFailure("invalid volume group name", () -> legs.delete("-x", LEG));
        assertEquals(List.of(), configfs.changes);
    }

    // ---- helpers

    private interface Call {
        void run() throws Exception;
    }

    private static void expectFailure(String part, Call call) {
        try {
            call.run();
            fail("expected a NodeException containing '" + part + "'");
        } catch (NodeException expected) {
            assertTrue("'" + expected.getMessage() + "' should contain '" + part + "'", expected.getMessage().contains(part));
        } catch (Exception e) {
            throw new AssertionError("expected a NodeException, got " + e, e);
        }
    }

    private static final byte[] DATA = "a dlv's data".getBytes(StandardCharsets.UTF_8);

    private void writeData(long offset) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(kernel.device(LV), java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(DATA), offset);
        }
    }

    private void assertData(long offset) throws IOException {
        assertArrayEquals(DATA, kernel.deviceBytes(LV, offset, DATA.length));
    }

    private void assertZeros(long offset, int length) throws IOException {
        assertArrayEquals("zeros at " + offset, new byte[length], kernel.deviceBytes(LV, offset, length));
    }

    private void assertStale(long offset, int length) throws IOException {
        byte[] stale = new byte[length];
        Arrays.fill(stale, DpvKernelFake.STALE);
        assertArrayEquals("stale bytes at " + offset, stale, kernel.deviceBytes(LV, offset, length));
    }
}
