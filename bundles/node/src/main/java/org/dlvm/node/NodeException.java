package org.dlvm.node;

/** A node operation that failed; the message is meant for an operator and names the remedy when there is one. */
public class NodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
