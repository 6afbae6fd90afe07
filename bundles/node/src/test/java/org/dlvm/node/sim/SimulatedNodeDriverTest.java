package org.dlvm.node.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.junit.Test;

public class SimulatedNodeDriverTest {
    private final SimulatedNodeDriver driver = new SimulatedNodeDriver("dlvm_vg", 1L << 40, "iqn.2026-11.org.dlvm.sim:n1");

    @Test
    public void theWholeGroupIsFree() throws NodeException {
        assertEquals(new VolumeGroupInfo("dlvm_vg", 1L << 40, 1L << 40), driver.volumeGroup("dlvm_vg"));
    }

    @Test
    public void anotherGroupIsNotFoundAsWithLvm() {
        try {
            driver.volumeGroup("other");
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("Volume group \"other\" not found"));
        }
    }

    @Test
    public void theIqnIsConfiguredOrDerivedFromTheLowerCasedName() {
        assertEquals("iqn.2026-11.org.example:x", SimulatedNodeDriver.initiatorIqn(" iqn.2026-11.org.example:x ", "N1"));
        assertEquals("iqn.2026-11.org.dlvm.sim:host-a1", SimulatedNodeDriver.initiatorIqn("", "Host-A1"));
        assertEquals("iqn.2026-11.org.dlvm.sim:host-a1", SimulatedNodeDriver.initiatorIqn(null, "Host-A1"));
    }

    @Test
    public void aSimulatedNodeLacksNothing() {
        assertEquals(0, driver.problems().size());
        assertEquals("sim", driver.kind());
        assertEquals("iqn.2026-11.org.dlvm.sim:n1", driver.initiatorIqn());
    }
}
