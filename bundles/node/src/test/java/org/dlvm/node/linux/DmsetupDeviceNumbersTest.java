package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmStatusTest.expectNodeException;
import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.dlvm.node.NodeException;
import org.junit.Test;

public class DmsetupDeviceNumbersTest {
    @Test
    public void everyDeviceWithItsNumberInOneReport() {
        assertEquals(List.of("dmsetup", "info", "-c", "--noheadings", "--separator", ":", "-o", "name,major,minor"),
                DmsetupCommands.deviceNumbers());
    }

    @Test
    public void numbersAreReadFromTheRightAsNamesMayHoldColons() throws NodeException {
        assertEquals(Map.of("dlvm_vg-dlvm--leg--1", "253:0", "dlvm-leg-1+l1", "253:1", "dlvm-db:1+s0-pool", "253:12"),
                DmsetupCommands.parseDeviceNumbers(
                        "dlvm_vg-dlvm--leg--1:253:0\n  dlvm-leg-1+l1:253:1\ndlvm-db:1+s0-pool:253:12\n\n"));
        assertEquals(Map.of(), DmsetupCommands.parseDeviceNumbers("No devices found\n"));
        assertEquals(Map.of(), DmsetupCommands.parseDeviceNumbers(""));
        expectNodeException("unexpected line from dmsetup info", () -> DmsetupCommands.parseDeviceNumbers("garbage\n"));
        expectNodeException("unexpected line from dmsetup info", () -> DmsetupCommands.parseDeviceNumbers("x:253\n"));
        expectNodeException("unexpected line from dmsetup info", () -> DmsetupCommands.parseDeviceNumbers("x:a:1\n"));
        expectNodeException("unexpected line from dmsetup info", () -> DmsetupCommands.parseDeviceNumbers(":253:1\n"));
    }
}
