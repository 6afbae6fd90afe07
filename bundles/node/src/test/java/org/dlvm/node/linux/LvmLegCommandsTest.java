package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmStatusTest.expectNodeException;
import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlvm.node.NodeException;
import org.junit.Test;

public class LvmLegCommandsTest {
    @Test
    public void lvcreateNeverPrompts() {
        assertEquals(List.of("lvm", "lvcreate", "-n", "dlvm-leg-1", "-L", "1077936128b", "-y", "-Zy", "-Wn", "dlvm_vg"),
                LvmCommands.lvcreateCommand("dlvm_vg", "dlvm-leg-1", 1077936128L));
    }

    @Test
    public void lvcreateRefusesForeignNamesAndOddSizes() {
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvcreateCommand("dlvm_vg", "root", 4194304));
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvcreateCommand("dlvm_vg", "dlvm-db1+s0-pool", 4194304));
        expectMessage("positive multiple of 512", () -> LvmCommands.lvcreateCommand("dlvm_vg", "dlvm-leg-1", 1000));
        expectMessage("positive multiple of 512", () -> LvmCommands.lvcreateCommand("dlvm_vg", "dlvm-leg-1", 0));
        expectMessage("invalid volume group name", () -> LvmCommands.lvcreateCommand("-vg", "dlvm-leg-1", 4194304));
    }

    @Test
    public void lvremoveTouchesOnlyDlvmLegs() {
        assertEquals(List.of("lvm", "lvremove", "-f", "dlvm_vg/dlvm-leg-1"), LvmCommands.lvremoveCommand("dlvm_vg", "dlvm-leg-1"));
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvremoveCommand("dlvm_vg", "home"));
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvremoveCommand("dlvm_vg", "dlvm-Leg"));
    }

    @Test
    public void lvsListsNameSizeAndAttributes() {
        assertEquals(List.of("lvm", "lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o",
                "lv_name,lv_size,lv_attr", "dlvm_vg"), LvmCommands.lvsCommand("dlvm_vg"));
    }

    @Test
    public void lvsOutputParses() throws NodeException {
        List<LogicalVolumeInfo> volumes = LvmCommands.parseLvs(
                "  dlvm-leg-1:1077936128:-wi-ao----\n  root:21474836480:-wi-ao----\n  dlvm-leg-2:8388608:-wi-------\n\n");
        assertEquals(List.of(new LogicalVolumeInfo("dlvm-leg-1", 1077936128L, "-wi-ao----"),
                new LogicalVolumeInfo("root", 21474836480L, "-wi-ao----"),
                new LogicalVolumeInfo("dlvm-leg-2", 8388608L, "-wi-------")), volumes);
        assertTrue(volumes.get(0).isActive());
        assertTrue(volumes.get(0).isOpen());
        assertFalse(volumes.get(2).isActive());
        assertFalse(volumes.get(2).isOpen());
        assertEquals(List.of(), LvmCommands.parseLvs("\n"));
        expectNodeException("unexpected line from lvm lvs", () -> LvmCommands.parseLvs("  a:b\n"));
        expectNodeException("unexpected size from lvm lvs", () -> LvmCommands.parseLvs("  a:big:-wi-a-----\n"));
    }

    @Test
    public void cleanupSeesOnlyDlvmLegs() {
        List<LogicalVolumeInfo> volumes = List.of(
                new LogicalVolumeInfo("dlvm-leg-1", 8388608, "-wi-ao----"),
                new LogicalVolumeInfo("root", 8388608, "-wi-ao----"),
                new LogicalVolumeInfo("dlvm_meta", 8388608, "-wi-a-----"),
                new LogicalVolumeInfo("dlvm-Other", 8388608, "-wi-a-----"),
                new LogicalVolumeInfo("dlvm-leg-2", 8388608, "-wi-a-----"));
        assertEquals(List.of(volumes.get(0), volumes.get(4)), LvmCommands.dlvmLegVolumes(volumes));
    }
}
