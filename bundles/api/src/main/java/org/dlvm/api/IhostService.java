package org.dlvm.api;

import java.util.List;

public interface IhostService {
    /**
     * Stores the ihost; without an initiator IQN the registration operation asks the
     * ihost's agent for it.
     */
    Accepted<Ihost> register(String name, String initiatorIqn);

    List<Ihost> list();

    Ihost get(String name);

    void delete(String name);
}
