package org.dlvm.api;

/** A leg: one LV on one dpv, exported over iSCSI while its dlv is attached. */
public record DlvLeg(String name, String dpv, long size, String status) {
}
