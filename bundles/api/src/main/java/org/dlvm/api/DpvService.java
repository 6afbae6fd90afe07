package org.dlvm.api;

import java.util.List;

public interface DpvService {
    /** Stores the dpv as unavailable and starts the operation that asks its agent for its capacity. */
    Accepted<Dpv> register(String name, String address);

    List<Dpv> list();

    Dpv get(String name);

    void delete(String name);
}
