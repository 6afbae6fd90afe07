package org.dlvm.api;

/** A crash-consistent point-in-time of a dlv, kept in the dlv's thin pools. */
public record Snapshot(String name, String dlv, String status, String createdAt) {
}
