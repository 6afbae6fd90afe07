package org.dlvm.agent;

/** The node's current facts, asked for each announce and heartbeat; should not throw (a throw becomes the problem). */
@FunctionalInterface
public interface FactsSource {
    AgentFacts facts();
}
