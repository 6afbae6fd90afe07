package org.dlvm.api;

/**
 * Who asked for a change: the user of a REST request or a shell session, or the controller itself
 * (a pool that grows on its own, a repair). Operations keep it; the audit log names it.
 */
public record Requester(String user) {
    /** The controller acting on its own. */
    public static final Requester CONTROLLER = new Requester("dlvm-controller");

    public Requester {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a requester needs a user name");
        }
    }
}
