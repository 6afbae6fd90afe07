package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.Test;

public class KernelModulesTest {
    @Test
    public void procModulesListsNamesInTheFirstColumn() {
        assertEquals(Set.of("dm_thin_pool", "dm_mod"), KernelModules.loaded(
                "dm_thin_pool 81920 0 - Live 0x0000000000000000\ndm_mod 184320 3 dm_thin_pool, Live 0x0000000000000000\n"));
    }

    @Test
    public void modulesDepFileNamesMapToModuleNames() {
        Set<String> names = KernelModules.installable(
                "kernel/drivers/md/dm-thin-pool.ko.xz: kernel/drivers/md/persistent-data/dm-persistent-data.ko.xz\n"
                        + "kernel/drivers/target/iscsi/iscsi_target_mod.ko:\n"
                        + "kernel/drivers/md/dm-mod.ko\n");
        assertTrue(names.contains("dm_thin_pool"));
        assertTrue(names.contains("iscsi_target_mod"));
        assertTrue(names.contains("dm_mod"));
        assertFalse("dependencies are not the line's own module", names.contains("dm_persistent_data"));
    }

    @Test
    public void aLoadedModuleIsNoProblem() {
        assertEquals(Optional.empty(), KernelModules.problem("dm_mod", "device-mapper", true, false, "6.1.0"));
    }

    @Test
    public void anInstallableModuleOnlyNeedsLoading() {
        assertEquals(Optional.of("kernel module dm_mod (device-mapper) is not loaded: run modprobe dm_mod"),
                KernelModules.problem("dm_mod", "device-mapper", false, true, "6.1.0"));
    }

    @Test
    public void aMissingModuleNamesTheKernel() {
        assertEquals(Optional.of("kernel module target_core_mod (LIO) is not available in kernel 6.1.0-cloud: "
                + "install the kernel's extra modules package"),
                KernelModules.problem("target_core_mod", "LIO", false, false, "6.1.0-cloud"));
    }

    @Test
    public void anUnknownKernelReleaseIsNotLeftBlank() {
        assertEquals(Optional.of("kernel module iscsi_tcp (x) is not available in this kernel: "
                + "install the kernel's extra modules package"), KernelModules.problem("iscsi_tcp", "x", false, false, ""));
    }
}
