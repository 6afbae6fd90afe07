package org.dlvm.api;

/**
 * Gives a node its own broker account, on the controller that runs the broker. The password is
 * shown once, to whoever enrols (the operator writes it on the node); enrolling again replaces it.
 */
public interface NodeEnrolment {
    BrokerCredentials enrol(String node);

    /** A node's broker account; {@code toString} leaves the password out (these end up in logs). */
    record BrokerCredentials(String node, String brokerUser, String brokerPassword) {
        @Override
        public String toString() {
            return "BrokerCredentials[node=" + node + ", brokerUser=" + brokerUser + "]";
        }
    }
}
