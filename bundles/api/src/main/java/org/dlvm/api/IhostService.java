package org.dlvm.api;

import java.util.List;

public interface IhostService {
    /**
     * Stores the ihost; without an initiator IQN the registration operation asks the
     * ihost's agent for it.
     */
    Accepted<Ihost> register(String name, String initiatorIqn, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Ihost> register(String name, String initiatorIqn) {
        return register(name, initiatorIqn, Requester.CONTROLLER);
    }

    /** One page in name order. */
    Page<Ihost> list(ListQuery query);

    /** All of them, page by page. */
    default List<Ihost> list() {
        return Page.all(this::list);
    }

    Ihost get(String name);

    void delete(String name);
}
