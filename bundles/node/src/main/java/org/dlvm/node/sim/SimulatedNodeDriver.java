package org.dlvm.node.sim;

import java.util.List;
import java.util.Locale;

import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;

/**
 * A test and benchmark double that touches nothing on the machine: one volume group of a
 * configured size, all of it free, and a fixed initiator IQN. Selected only by
 * {@code driver = sim}; never the default, because a node running it stores no data.
 */
public final class SimulatedNodeDriver implements NodeDriver {
    private final String vgName;
    private final long vgSizeBytes;
    private final String initiatorIqn;

    public SimulatedNodeDriver(String vgName, long vgSizeBytes, String initiatorIqn) {
        this.vgName = vgName;
        this.vgSizeBytes = vgSizeBytes;
        this.initiatorIqn = initiatorIqn;
    }

    /** {@code configured} when set, else one derived from the node name, so that every simulated node differs. */
    public static String initiatorIqn(String configured, String nodeName) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return "iqn.2026-11.org.dlvm.sim:" + nodeName.toLowerCase(Locale.ROOT);
    }

    @Override
    public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
        if (!vgName.equals(vg)) {
            // the same words as LVM, so that callers see what they would on a real node
            throw new NodeException("Volume group \"" + vg + "\" not found (simulated node has only \"" + vgName + "\")");
        }
        return new VolumeGroupInfo(vgName, vgSizeBytes, vgSizeBytes);
    }

    @Override
    public String initiatorIqn() {
        return initiatorIqn;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public String kind() {
        return KIND_SIMULATED;
    }
}
