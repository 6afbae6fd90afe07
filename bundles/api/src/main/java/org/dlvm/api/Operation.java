package org.dlvm.api;

/** One state change that involves an agent; {@code target} is {@code <kind>/<name>}. */
public record Operation(String id, String kind, String target, OperationStatus status, String error,
        String createdAt, String finishedAt) {
}
