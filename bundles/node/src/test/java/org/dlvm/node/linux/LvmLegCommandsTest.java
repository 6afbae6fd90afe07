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
    public void lvcreateNeverPromptsAndMarksTheLvFresh() {
        assertEquals(List.of("lvm", "lvcreate", "-n", "dlvm-leg-1", "-L", "1077936128b", "-y", "-Zy", "-Wn",
                "--addtag", "dlvm_fresh", "dlvm_vg"), LvmCommands.lvcreateCommand("dlvm_vg", "dlvm-leg-1", 1077936128L));
    }

    @Test
    public void lvchangeDropsTheFreshTagAndActivatesOnlyDlvmLegs() {
        assertEquals(List.of("lvm", "lvchange", "--deltag", "dlvm_fresh", "dlvm_vg/dlvm-leg-1"),
                LvmCommands.lvchangeDropFreshTagCommand("dlvm_vg", "dlvm-leg-1"));
        assertEquals(List.of("lvm", "lvchange", "-ay", "dlvm_vg/dlvm-leg-1"),
                LvmCommands.lvchangeActivateCommand("dlvm_vg", "dlvm-leg-1"));
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvchangeDropFreshTagCommand("dlvm_vg", "root"));
        expectMessage("not the LV of a DLVM leg", () -> LvmCommands.lvchangeActivateCommand("dlvm_vg", "swap"));
        expectMessage("invalid volume group name", () -> LvmCommands.lvchangeActivateCommand("a/b", "dlvm-leg-1"));
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
    public void lvsListsNameSizeAttributesDeviceAndTags() {
        assertEquals(List.of("lvm", "lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o",
                "lv_name,lv_size,lv_attr,lv_kernel_major,lv_kernel_minor,lv_tags", "dlvm_vg"),
                LvmCommands.lvsCommand("dlvm_vg"));
    }

    @Test
    public void lvsOutputParses() throws NodeException {
        List<LogicalVolumeInfo> volumes = LvmCommands.parseLvs("  dlvm-leg-1:1077936128:-wi-ao----:253:2:\n"
                + "  root:21474836480:-wi-ao----:253:0:os,site:a:b\n  dlvm-leg-2:8388608:-wi-------:-1:-1:dlvm_fresh\n\n");
        assertEquals(List.of(new LogicalVolumeInfo("dlvm-leg-1", 1077936128L, "-wi-ao----", 253, 2, List.of()),
                new LogicalVolumeInfo("root", 21474836480L, "-wi-ao----", 253, 0, List.of("os", "site:a:b")),
                new LogicalVolumeInfo("dlvm-leg-2", 8388608L, "-wi-------", -1, -1, List.of("dlvm_fresh"))), volumes);
        assertTrue(volumes.get(0).isActive());
        assertTrue(volumes.get(0).isOpen());
        assertEquals("253:2", volumes.get(0).deviceNumber().orElseThrow());
        assertFalse(volumes.get(0).hasTag(LvmCommands.FRESH_TAG));
        assertFalse(volumes.get(2).isActive());
        assertFalse(volumes.get(2).isOpen());
        assertTrue(volumes.get(2).deviceNumber().isEmpty());
        assertTrue(volumes.get(2).hasTag(LvmCommands.FRESH_TAG));
        assertEquals(List.of(), LvmCommands.parseLvs("\n"));
        expectNodeException("unexpected line from lvm lvs", () -> LvmCommands.parseLvs("  a:b\n"));
        expectNodeException("unexpected line from lvm lvs", () -> LvmCommands.parseLvs("  a:1:-wi-a-----\n"));
        expectNodeException("unexpected size from lvm lvs", () -> LvmCommands.parseLvs("  a:big:-wi-a-----:1:2:\n"));
        expectNodeException("unexpected size from lvm lvs", () -> LvmCommands.parseLvs("  a:1:-wi-a-----:x:2:\n"));
    }

    @Test
    public void cleanupSeesOnlyDlvmLegs() {
        List<LogicalVolumeInfo> volumes = List.of(
                lv("dlvm-leg-1", "-wi-ao----"),
                lv("root", "-wi-ao----"),
                lv("dlvm_meta", "-wi-a-----"),
                lv("dlvm-Other", "-wi-a-----"),
                lv("dlvm-leg-2", "-wi-a-----"));
        assertEquals(List.of(volumes.get(0), volumes.get(4)), LvmCommands.dlvmLegVolumes(volumes));
    }

    private static LogicalVolumeInfo lv(String name, String attributes) {
        return new LogicalVolumeInfo(name, 8388608, attributes, 253, 1, List.of());
    }
}
