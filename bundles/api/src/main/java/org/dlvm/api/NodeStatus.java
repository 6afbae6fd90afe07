package org.dlvm.api;

/** Whether a node's agent is connected and answering. */
public enum NodeStatus {
    available, unavailable
}
