package org.dlvm.protocol;

import java.util.Map;

public record AgentReply(boolean ok, String error, Map<String, Object> result) {
    public AgentReply {
        result = result == null ? Map.of() : Map.copyOf(result);
    }

    public static AgentReply success(Map<String, Object> result) {
        return new AgentReply(true, null, result);
    }

    public static AgentReply failure(String error) {
        return new AgentReply(false, error, Map.of());
    }

    public long longResult(String key) {
        Object v = result.get(key);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("agent reply lacks the number '" + key + "': " + result);
        }
        return ((Number) v).longValue();
    }

    public String stringResult(String key) {
        Object v = result.get(key);
        return v == null ? null : v.toString();
    }
}
