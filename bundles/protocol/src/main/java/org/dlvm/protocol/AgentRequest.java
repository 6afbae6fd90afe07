package org.dlvm.protocol;

import java.util.Map;

/**
 * A request to one agent. {@code object} names the resource the request acts on
 * ({@code dpv/<name>}, {@code leg/<name>}, ...) and {@code generation} is the fencing token
 * of that resource's lock: an agent refuses a generation older than the newest it has seen.
 */
public record AgentRequest(String id, String action, String object, long generation, Map<String, Object> args) {
    public AgentRequest {
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
