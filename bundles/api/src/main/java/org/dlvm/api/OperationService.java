package org.dlvm.api;

import java.util.List;

public interface OperationService {
    Operation get(String id);

    /** Newest first (then by id); the marker is the id of the last operation of the previous page. */
    Page<Operation> list(ListQuery query);

    /** The newest {@code limit}. */
    default List<Operation> list(int limit) {
        return list(new ListQuery(limit, null, null, null, null)).items();
    }
}
