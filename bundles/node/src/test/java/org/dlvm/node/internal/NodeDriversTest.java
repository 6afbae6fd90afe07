package org.dlvm.node.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;

import org.dlvm.node.NodeDriver;
import org.dlvm.node.TestNodeConfigs;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.node.linux.LinuxNodeDriver;
import org.junit.Test;

public class NodeDriversTest {
    @Test
    public void linuxIsTheDefault() {
        assertTrue(NodeDrivers.create(TestNodeConfigs.of(Map.of()), "n1") instanceof LinuxNodeDriver);
    }

    @Test
    public void simUsesTheConfiguredGroupAndSize() throws Exception {
        NodeDriver sim = NodeDrivers.create(TestNodeConfigs.of(Map.of("driver", " SIM ", "dpv.vg", "vg9",
                "sim.vg.size", 4096L)), "Node1");
        assertEquals("sim", sim.kind());
        assertEquals(new VolumeGroupInfo("vg9", 4096, 4096), sim.volumeGroup("vg9"));
        assertEquals("iqn.2026-11.org.dlvm.sim:node1", sim.initiatorIqn());
    }

    @Test
    public void anUnknownDriverNamesTheAllowedValues() {
        try {
            NodeDrivers.create(TestNodeConfigs.of(Map.of("driver", "zfs")), "n1");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("unknown node driver 'zfs' in org.dlvm.node.cfg: allowed values are linux, sim", e.getMessage());
        }
    }
}
