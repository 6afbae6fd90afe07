package org.dlvm.worker.messaging;

public class AgentUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
