package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmStatusTest.expectNodeException;
import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dlvm.node.NodeException;
import org.junit.Test;

public class DmsetupCommandsTest {
    @Test
    public void oneLineTablesGoOnTheCommandLine() {
        assertEquals(List.of("dmsetup", "create", "dlvm-db1+s0-thin", "--table", "0 8 thin /dev/mapper/dlvm-db1+s0-pool 0"),
                DmsetupCommands.create("dlvm-db1+s0-thin", "0 8 thin /dev/mapper/dlvm-db1+s0-pool 0"));
        assertEquals(List.of("dmsetup", "load", "dlvm-leg-1+l1", "--table", "0 8 error"),
                DmsetupCommands.load("dlvm-leg-1+l1", "0 8 error"));
        expectMessage("--table takes one line", () -> DmsetupCommands.create("dlvm-db1+s0-pdata", "0 8 error\n8 8 error"));
    }

    @Test
    public void multiLineTablesComeFromAFile() {
        assertEquals(List.of("dmsetup", "create", "dlvm-db1+s0-pdata", "/run/dlvm/table"),
                DmsetupCommands.createFromFile("dlvm-db1+s0-pdata", "/run/dlvm/table"));
        assertEquals(List.of("dmsetup", "load", "dlvm-db1+s0-pdata", "/run/dlvm/table"),
                DmsetupCommands.loadFromFile("dlvm-db1+s0-pdata", "/run/dlvm/table"));
        expectMessage("absolute path", () -> DmsetupCommands.loadFromFile("dlvm-db1+s0-pdata", "table"));
    }

    @Test
    public void lifecycleAndMessages() {
        assertEquals(List.of("dmsetup", "suspend", "dlvm-db1"), DmsetupCommands.suspend("dlvm-db1"));
        assertEquals(List.of("dmsetup", "resume", "dlvm-db1"), DmsetupCommands.resume("dlvm-db1"));
        assertEquals(List.of("dmsetup", "remove", "dlvm-db1"), DmsetupCommands.remove("dlvm-db1"));
        assertEquals(List.of("dmsetup", "message", "dlvm-db1+s0-pool", "0", "create_snap 1 0"),
                DmsetupCommands.message("dlvm-db1+s0-pool", ThinPoolMessages.createSnap(1, 0)));
        expectMessage("invalid dm message", () -> DmsetupCommands.message("dlvm-db1+s0-pool", " "));
    }

    @Test
    public void onlyDlvmDevicesAreChanged() {
        expectMessage("not a DLVM device name", () -> DmsetupCommands.remove("vg0-root"));
        expectMessage("not a DLVM device name", () -> DmsetupCommands.suspend("dlvm_vg-dlvm--leg--1"));
        expectMessage("not a DLVM device name", () -> DmsetupCommands.create("--help", "0 8 error"));
    }

    @Test
    public void anyDeviceCanBeRead() {
        assertEquals(List.of("dmsetup", "status", "vg0-root"), DmsetupCommands.status("vg0-root"));
        assertEquals(List.of("dmsetup", "table", "dlvm-db1"), DmsetupCommands.table("dlvm-db1"));
        assertEquals(List.of("dmsetup", "status"), DmsetupCommands.statusAll());
        expectMessage("invalid dm device name", () -> DmsetupCommands.status("-c"));
        expectMessage("invalid dm device name", () -> DmsetupCommands.table("a/b"));
    }

    @Test
    public void listingParsesNames() throws NodeException {
        assertEquals(List.of("dlvm-db1", "dlvm-db1+s0-pool", "dlvm_vg-dlvm--leg--1"), DmsetupCommands.parseList(
                "dlvm-db1\t(253:12)\ndlvm-db1+s0-pool\t(253:11)\ndlvm_vg-dlvm--leg--1\t(253:0)\n"));
        assertEquals(List.of(), DmsetupCommands.parseList("No devices found\n"));
        expectNodeException("unexpected line from dmsetup ls", () -> DmsetupCommands.parseList("garbage\n"));
    }
}
