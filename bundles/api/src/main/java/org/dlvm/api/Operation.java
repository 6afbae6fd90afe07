package org.dlvm.api;

/**
 * One state change that involves an agent; {@code target} is {@code <kind>/<name>}, {@code requestedBy}
 * the user who asked for it ({@link Requester}; operations stored before it was kept have none);
 * {@code doneBytes} of {@code totalBytes}, {@code percent}: how far one that copies is (null for the others).
 */
public record Operation(String id, String kind, String target, OperationStatus status, String error,
        String createdAt, String finishedAt, String requestedBy, Long doneBytes, Long totalBytes, Integer percent) {
    public Operation(String id, String kind, String target, OperationStatus status, String error,
            String createdAt, String finishedAt, String requestedBy) {
        this(id, kind, target, status, error, createdAt, finishedAt, requestedBy, null, null, null);
    }
}
