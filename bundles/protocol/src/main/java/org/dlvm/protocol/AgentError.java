package org.dlvm.protocol;

/**
 * Why an agent did not do what it was asked. The code tells the controller what to do next:
 * {@code stale_generation} stop (another worker holds the object now), {@code retryable} repeat
 * later (the node is busy or a device is not ready yet), {@code invalid} fix the request (a bug or
 * a version mismatch), {@code failed} record the reason on the object.
 */
public record AgentError(Code code, String message) {
    public enum Code {
        stale_generation, retryable, invalid, failed,
        /** the request did not come from the controller: nothing was done */
        forbidden
    }
}
