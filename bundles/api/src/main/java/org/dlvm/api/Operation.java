package org.dlvm.api;

/**
 * One state change that involves an agent; {@code target} is {@code <kind>/<name>}, {@code requestedBy}
 * the user who asked for it ({@link Requester}; operations stored before it was kept have none).
 */
public record Operation(String id, String kind, String target, OperationStatus status, String error,
        String createdAt, String finishedAt, String requestedBy) {
}
