package org.dlvm.api;

/** API.md's dlv statuses. */
public enum DlvStatus {
    creating, available, attaching, attached, detaching, extending, cloning, deleting, degraded, error
}
