package org.dlvm.api;

import java.util.List;

public interface DpvService {
    /** Stores the dpv as unavailable and starts the operation that asks its agent for its capacity. */
    Accepted<Dpv> register(String name, String address, Requester by);

    /** The same, asked by the controller itself. */
    default Accepted<Dpv> register(String name, String address) {
        return register(name, address, Requester.CONTROLLER);
    }

    /** One page in name order. */
    Page<Dpv> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dpv> list() {
        return Page.all(this::list);
    }

    Dpv get(String name);

    void delete(String name);
}
