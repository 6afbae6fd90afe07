package org.dlvm.protocol;

/** An agent's answer: a result, or an error; never both. */
public record AgentReply(AgentResult result, AgentError error) {
    public AgentReply {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a reply carries a result or an error: " + result + ", " + error);
        }
    }

    public static AgentReply success(AgentResult result) {
        return new AgentReply(result, null);
    }

    public static AgentReply failure(AgentError.Code code, String message) {
        return new AgentReply(null, new AgentError(code, message));
    }

    public boolean ok() {
        return error == null;
    }

    /** The result as the type the action answers; a reply of another type is the agent's error, not ours. */
    public <R extends AgentResult> R as(Class<R> type) {
        if (!type.isInstance(result)) {
            throw new IllegalArgumentException("the agent answered " + (result == null ? error : result) + " where a "
                    + type.getSimpleName() + " was expected");
        }
        return type.cast(result);
    }
}
