package org.dlvm.api;

/**
 * A dependency the controller needs (database, broker). Every component that owns one
 * registers a check; {@code GET /health} lists them all.
 */
public interface HealthCheck {
    String name();

    /** Null when healthy, otherwise why not. Must answer within a few seconds. */
    String problem();
}
