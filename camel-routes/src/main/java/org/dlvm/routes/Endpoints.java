package org.dlvm.routes;

import org.dlvm.protocol.Queues;

/** Endpoint URIs, computed in one place so routes and tests agree. */
final class Endpoints {
    static final String SUBMIT = "direct:dlvm-submit";
    static final String AGENT_CALL = "direct:dlvm-agent-call";
    static final String QUEUE_HEADER = "DlvmAgentQueue";
    static final String TIMEOUT_HEADER = "DlvmAgentTimeout";

    private Endpoints() {
    }

    static String workerQueue() {
        return "jms:queue:" + Queues.WORKER;
    }

    static String workerConsumer(int consumers) {
        return workerQueue() + "?concurrentConsumers=" + consumers;
    }

    /** The component of the events consumers: a broker connection that prefetches nothing. */
    static final String EVENTS_COMPONENT = "jmsevents";

    /**
     * Two consumers; an agent's events carry its node as JMSXGroupID, so one node's stay in order.
     * Each takes a message only when it is free ({@link #EVENTS_COMPONENT}), so an event never
     * waits behind another that waits on the database.
     */
    static String eventsConsumer() {
        return EVENTS_COMPONENT + ":queue:" + Queues.EVENTS + "?concurrentConsumers=2";
    }

    /**
     * Request-reply with the timeout in a header (one endpoint per distinct timeout); Camel also
     * uses the timeout as the request's time-to-live, so a late agent never acts on it. Not
     * persistent: a request outlives neither its timeout nor a broker restart (the caller then
     * times out and the operation's step is repeated, as after any lost answer), so writing it to
     * the broker's journal first would only add a disk sync to every agent call.
     */
    static String agentRequest() {
        return "jms:queue:${header." + QUEUE_HEADER + "}?exchangePattern=InOut&deliveryPersistent=false&requestTimeout=${header."
                + TIMEOUT_HEADER + "}";
    }

    static String timer(String taskName, long periodSeconds) {
        return "timer:dlvm-" + taskName + "?period=" + periodSeconds * 1000 + "&delay=" + periodSeconds * 1000;
    }
}
