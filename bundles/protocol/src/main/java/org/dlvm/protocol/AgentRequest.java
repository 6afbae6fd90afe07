package org.dlvm.protocol;

/**
 * A request to one agent. {@code object} names the resource the request acts on ({@code dpv/<name>},
 * {@code dlv/<name>}, ...) and {@code generation} is the fencing token of that resource's lock: an
 * agent refuses a generation older than the newest it has seen for the object.
 */
public record AgentRequest(String id, String object, long generation, AgentAction action) {
}
