package org.dlvm.api;

import java.util.List;

/** Who this node is, from {@code etc/org.dlvm.node.cfg}. */
public interface NodeIdentity {
    String name();

    List<String> roles();

    String driver();

    String version();
}
