package org.dlvm.api;

import java.util.List;

public interface DpvService {
    /** Stores the dpv as unavailable and starts the operation that asks its agent for its capacity. */
    Accepted<Dpv> register(String name, String address, String failureDomain, Requester by);

    default Accepted<Dpv> register(String name, String address, Requester by) {
        return register(name, address, null, by);
    }

    /** The same, asked by the controller itself. */
    default Accepted<Dpv> register(String name, String address) {
        return register(name, address, null, Requester.CONTROLLER);
    }

    /**
     * Puts the dpv in failure domain {@code failureDomain} (null: none). Legs already placed stay
     * where they are; new mirrors and repairs place by the new domain.
     */
    Dpv setFailureDomain(String name, String failureDomain);

    /**
     * Starts draining the dpv: it takes no new legs, and every leg it holds of an attached dlv is
     * moved to another dpv by a leg-repair (a full copy by the dlv's ihost, the dlv online). Refused
     * (409 {@code not_movable}) while a dlv that is not attached holds legs on it: only a running
     * mirror can copy a leg. Asking again changes nothing.
     */
    Dpv evacuate(String name);

    /** The dpv takes new legs again; legs moved already stay where they went. */
    Dpv cancelEvacuation(String name);

    /** One page in name order. */
    Page<Dpv> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dpv> list() {
        return Page.all(this::list);
    }

    Dpv get(String name);

    void delete(String name);
}
