package org.dlvm.api;

/**
 * A running part of this node (an agent, the controller's broker link, ...) that reports
 * its own state for {@code dlvm:node-status}.
 */
public interface NodePart {
    String partName();

    /** One short line: "connected to tcp://...", "waiting for broker: ...". */
    String state();
}
