package org.dlvm.node.internal;

import java.util.List;
import java.util.Locale;

import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.linux.LinuxNodeDriver;
import org.dlvm.node.sim.SimulatedNodeDriver;

/** The choice of driver from the configuration. */
final class NodeDrivers {
    static final List<String> ALLOWED = List.of(NodeDriver.KIND_LINUX, NodeDriver.KIND_SIMULATED);

    private NodeDrivers() {
    }

    /** Throws IllegalArgumentException naming the allowed values when {@code driver} is none of them. */
    static NodeDriver create(NodeConfig config, String nodeName) {
        String kind = config.driver() == null ? "" : config.driver().trim().toLowerCase(Locale.ROOT);
        switch (kind) {
        case NodeDriver.KIND_LINUX:
            return LinuxNodeDriver.forThisMachine();
        case NodeDriver.KIND_SIMULATED:
            return new SimulatedNodeDriver(config.dpv_vg(), config.sim_vg_size(),
                    SimulatedNodeDriver.initiatorIqn(config.sim_initiator_iqn(), nodeName), config.sim_step_millis());
        default:
            throw new IllegalArgumentException("unknown node driver '" + config.driver() + "' in "
                    + NodeConfig.PID + ".cfg: allowed values are " + String.join(", ", ALLOWED));
        }
    }
}
