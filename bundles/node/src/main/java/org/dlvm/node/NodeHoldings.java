package org.dlvm.node;

import java.util.List;
import java.util.Map;

/**
 * What a node's kernel holds of DLVM's, by DLVM's names only: what the controller compares
 * with its rows to find what no row wants (a stack left on an ihost that was fenced, a target a
 * dpv kept while it was out of reach).
 */
public final class NodeHoldings {
    private NodeHoldings() {
    }

    /** The legs whose LVs are in the volume group, and each exported leg's initiators (its ACLs). */
    public record Dpv(List<String> legVolumes, Map<String, List<String>> exports) {
        public Dpv {
            legVolumes = List.copyOf(legVolumes);
            exports = Map.copyOf(exports);
        }
    }

    /**
     * The dlvs with devices here, as their dm names carry them ({@link org.dlvm.api.KernelPart}),
     * and the legs this ihost has sessions to.
     */
    public record Ihost(List<String> dlvParts, List<String> sessionLegs) {
        public Ihost {
            dlvParts = List.copyOf(dlvParts);
            sessionLegs = List.copyOf(sessionLegs);
        }
    }
}
