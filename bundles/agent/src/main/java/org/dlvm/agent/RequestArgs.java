package org.dlvm.agent;

import org.dlvm.protocol.AgentRequest;

/**
 * A request's arguments read with a check each: a missing or mistyped argument is an
 * IllegalArgumentException whose message names it, which the runtime answers as a failure.
 */
public final class RequestArgs {
    private final AgentRequest request;

    public RequestArgs(AgentRequest request) {
        this.request = request;
    }

    public String string(String key) {
        String value = optionalString(key);
        if (value == null || value.isEmpty()) {
            throw bad(key, "a non-empty string");
        }
        return value;
    }

    public String optionalString(String key) {
        Object value = request.args().get(key);
        if (value != null && !(value instanceof String)) {
            throw bad(key, "a string");
        }
        return (String) value;
    }

    public long positiveLong(String key) {
        long value = nonNegativeLong(key);
        if (value == 0) {
            throw bad(key, "a positive integer");
        }
        return value;
    }

    public long nonNegativeLong(String key) {
        Object value = request.args().get(key);
        if (!(value instanceof Number) || value instanceof Double || value instanceof Float
                || ((Number) value).longValue() < 0) {
            throw bad(key, "a non-negative integer");
        }
        return ((Number) value).longValue();
    }

    public boolean flag(String key) {
        Object value = request.args().get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean)) {
            throw bad(key, "true or false");
        }
        return (Boolean) value;
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("'" + request.action() + "' needs argument '" + key + "' as " + expected
                + ", got " + request.args().get(key));
    }
}
