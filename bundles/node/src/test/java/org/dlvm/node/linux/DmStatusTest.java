package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.dlvm.node.NodeException;
import org.dlvm.node.linux.DmStatus.LegHealth;
import org.dlvm.node.linux.DmStatus.PoolMode;
import org.dlvm.node.linux.DmStatus.RaidStatus;
import org.dlvm.node.linux.DmStatus.ThinPoolStatus;
import org.dlvm.node.linux.DmStatus.ThinStatus;
import org.junit.Test;

public class DmStatusTest {
    @Test
    public void aHealthyMirrorIsAllInSyncAndIdle() throws NodeException {
        RaidStatus status = DmStatus.parseRaid("0 2097152 raid raid1 2 AA 2097152/2097152 idle 0 0 -");
        assertEquals(new RaidStatus(0, 2097152, "raid1", List.of(LegHealth.IN_SYNC, LegHealth.IN_SYNC), 2097152, 2097152,
                "idle", 0), status);
        assertTrue(status.isHealthy());
        assertEquals(List.of(), status.failedLegs());
        assertEquals(1.0, status.syncFraction(), 0.0);
    }

    @Test
    public void aRebuildingLegShowsProgress() throws NodeException {
        RaidStatus status = DmStatus.parseRaid("0 2097152 raid raid1 2 Aa 524288/2097152 recover 0 0 -");
        assertEquals(List.of(LegHealth.IN_SYNC, LegHealth.SYNCING), status.legs());
        assertEquals("recover", status.syncAction());
        assertEquals(0.25, status.syncFraction(), 0.0);
        assertFalse(status.isHealthy());
        assertEquals(List.of(), status.failedLegs());
    }

    @Test
    public void deadAndMissingLegsNeedReplacing() throws NodeException {
        RaidStatus dead = DmStatus.parseRaid("0 2097152 raid raid1 2 DA 2097152/2097152 idle 0 0 -");
        assertEquals(List.of(0), dead.failedLegs());
        assertFalse(dead.isHealthy());
        RaidStatus missing = DmStatus.parseRaid("0 2097152 raid raid1 3 A-D 2097152/2097152 idle 12 0 -");
        assertEquals(List.of(LegHealth.IN_SYNC, LegHealth.MISSING, LegHealth.DEAD), missing.legs());
        assertEquals(List.of(1, 2), missing.failedLegs());
        assertEquals(12, missing.mismatchCount());
    }

    @Test
    public void olderKernelsStopAfterTheMismatchCount() throws NodeException {
        RaidStatus status = DmStatus.parseRaid("0 8192 raid raid1 2 AA 8192/8192 idle 0");
        assertTrue(status.isHealthy());
    }

    @Test
    public void malformedRaidLinesAreErrors() {
        expectNodeException("lists 2 legs but 3 health", () -> DmStatus.parseRaid("0 8 raid raid1 2 AAA 8/8 idle 0"));
        expectNodeException("unknown raid leg health 'x'", () -> DmStatus.parseRaid("0 8 raid raid1 2 Ax 8/8 idle 0"));
        expectNodeException("not a raid status line", () -> DmStatus.parseRaid("0 8 linear"));
        expectNodeException("raid status too short", () -> DmStatus.parseRaid("0 8 raid raid1 2 AA 8/8"));
        expectNodeException("expected <n>/<total>", () -> DmStatus.parseRaid("0 8 raid raid1 2 AA 8 idle 0"));
        expectNodeException("malformed raid status", () -> DmStatus.parseRaid("0 8 raid raid1 two AA 8/8 idle 0"));
        expectNodeException("no raid status line", () -> DmStatus.parseRaid(null));
    }

    @Test
    public void aWorkingPoolReportsItsUsage() throws NodeException {
        ThinPoolStatus status = DmStatus.parseThinPool(
                "0 2097152 thin-pool 3 280/1024 37/512 - rw discard_passdown queue_if_no_space - 768");
        assertEquals(new ThinPoolStatus(0, 2097152, PoolMode.READ_WRITE, 3, 280, 1024, 37, 512, false, false), status);
        assertTrue(status.reportsUsage());
        assertEquals(475, status.freeDataBlocks());
        assertEquals(744, status.freeMetadataBlocks());
        assertFalse(status.needsMoreData(100));
        assertTrue(status.needsMoreData(475));
    }

    @Test
    public void aFullPoolIsOutOfDataSpace() throws NodeException {
        ThinPoolStatus status = DmStatus.parseThinPool(
                "0 2097152 thin-pool 9 300/1024 512/512 - out_of_data_space discard_passdown error_if_no_space - 768");
        assertEquals(PoolMode.OUT_OF_DATA_SPACE, status.mode());
        assertTrue(status.errorIfNoSpace());
        assertTrue(status.needsMoreData(0));
    }

    @Test
    public void aReadOnlyPoolMayNeedACheck() throws NodeException {
        ThinPoolStatus status = DmStatus.parseThinPool(
                "0 2097152 thin-pool 9 1024/1024 12/512 17 ro no_discard_passdown queue_if_no_space needs_check 768");
        assertEquals(PoolMode.READ_ONLY, status.mode());
        assertTrue(status.needsCheck());
        assertEquals(0, status.freeMetadataBlocks());
    }

    @Test
    public void olderKernelsOmitTheTrailingFields() throws NodeException {
        ThinPoolStatus status = DmStatus.parseThinPool("0 2097152 thin-pool 0 11/512 0/512 - rw");
        assertEquals(new ThinPoolStatus(0, 2097152, PoolMode.READ_WRITE, 0, 11, 512, 0, 512, false, false), status);
    }

    @Test
    public void aFailedPoolReportsNoUsage() throws NodeException {
        ThinPoolStatus failed = DmStatus.parseThinPool("0 2097152 thin-pool Fail");
        assertEquals(PoolMode.FAIL, failed.mode());
        assertFalse(failed.reportsUsage());
        assertFalse(failed.needsMoreData(100));
        assertEquals(PoolMode.ERROR, DmStatus.parseThinPool("0 2097152 thin-pool Error").mode());
    }

    @Test
    public void malformedPoolLinesAreErrors() {
        expectNodeException("unknown thin-pool mode 'rx'", () -> DmStatus.parseThinPool("0 8 thin-pool 0 1/2 1/2 - rx"));
        expectNodeException("thin-pool status too short", () -> DmStatus.parseThinPool("0 8 thin-pool 0 1/2 1/2"));
        expectNodeException("not a thin-pool status line", () -> DmStatus.parseThinPool("0 8 thin 0 -"));
        expectNodeException("malformed thin-pool status", () -> DmStatus.parseThinPool("0 8 thin-pool x 1/2 1/2 - rw"));
    }

    @Test
    public void aThinDeviceReportsItsMappedSectors() throws NodeException {
        assertEquals(new ThinStatus(0, 6291456, false, 204800, OptionalLong.of(6291455)),
                DmStatus.parseThin("0 6291456 thin 204800 6291455"));
        assertEquals(new ThinStatus(0, 6291456, false, 0, OptionalLong.empty()), DmStatus.parseThin("0 6291456 thin 0 -"));
        assertEquals(new ThinStatus(0, 6291456, true, 0, OptionalLong.empty()), DmStatus.parseThin("0 6291456 thin Fail"));
        assertTrue(DmStatus.parseThin("0 6291456 thin Error").failed());
    }

    @Test
    public void malformedThinLinesAreErrors() {
        expectNodeException("thin status too short", () -> DmStatus.parseThin("0 8 thin 128"));
        expectNodeException("not a thin status line", () -> DmStatus.parseThin("0 8 thin-pool Fail"));
        expectNodeException("malformed thin status", () -> DmStatus.parseThin("0 8 thin many -"));
    }

    @Test
    public void theFullListingSplitsByDevice() throws NodeException {
        Map<String, List<String>> devices = DmStatus.byDevice(
                "dlvm-db1: 0 6291456 striped 2 253:9 253:10 1 AA\n"
                        + "dlvm-db1+s0-pdata: 0 2097152 linear \n"
                        + "dlvm-db1+s0-pdata: 2097152 2097152 linear \n"
                        + "dlvm-vol:a: 0 8 error \n");
        assertEquals(List.of("dlvm-db1", "dlvm-db1+s0-pdata", "dlvm-vol:a"), List.copyOf(devices.keySet()));
        assertEquals(List.of("0 2097152 linear", "2097152 2097152 linear"), devices.get("dlvm-db1+s0-pdata"));
        assertEquals(Map.of(), DmStatus.byDevice("No devices found\n"));
        expectNodeException("unexpected line from dmsetup status", () -> DmStatus.byDevice("garbage\n"));
    }

    interface Parse {
        Object run() throws NodeException;
    }

    static void expectNodeException(String part, Parse parse) {
        try {
            parse.run();
            fail("expected NodeException containing '" + part + "'");
        } catch (NodeException expected) {
            assertTrue("'" + expected.getMessage() + "' should contain '" + part + "'", expected.getMessage().contains(part));
        }
    }
}
