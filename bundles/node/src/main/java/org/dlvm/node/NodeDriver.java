package org.dlvm.node;

import java.util.List;

/**
 * The node's access to its kernel and tools. Registered as a service with the property
 * {@value #SERVICE_PROPERTY_KIND}={@link #kind()}. Every failure is a {@link NodeException}
 * whose message tells an operator what to do: a missing tool must never take the node down.
 */
public interface NodeDriver {
    String KIND_LINUX = "linux";
    String KIND_SIMULATED = "sim";
    String SERVICE_PROPERTY_KIND = "driver";

    VolumeGroupInfo volumeGroup(String vg) throws NodeException;

    String initiatorIqn() throws NodeException;

    /** What this node lacks to serve its roles (modules, commands), one sentence each; empty when nothing. */
    List<String> problems();

    /** {@value #KIND_LINUX} or {@value #KIND_SIMULATED}. */
    String kind();
}
