package org.dlvm.api;

/**
 * A leg: one LV on one dpv, exported over iSCSI while its dlv is attached. {@code status} is how
 * far the operations got with it (allocated, created, exported); {@code health} what the nodes
 * report of it; {@code failureDomain} its dpv's.
 */
public record DlvLeg(String name, String dpv, long size, String status, LegHealth health, String failureDomain) {

    public DlvLeg(String name, String dpv, long size, String status) {
        this(name, dpv, size, status, LegHealth.unknown);
    }

    public DlvLeg(String name, String dpv, long size, String status, LegHealth health) {
        this(name, dpv, size, status, health, null);
    }
}
