package org.dlvm.api;

import java.util.List;

public interface DvgService {
    Dvg create(String name);

    /** One page in name order. */
    Page<Dvg> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dvg> list() {
        return Page.all(this::list);
    }

    Dvg get(String name);

    Dvg extend(String dvg, String dpv);

    Dvg reduce(String dvg, String dpv);

    void delete(String name);
}
