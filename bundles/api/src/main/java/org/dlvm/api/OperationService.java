package org.dlvm.api;

import java.util.List;

public interface OperationService {
    Operation get(String id);

    /** Newest first, at most {@code limit}. */
    List<Operation> list(int limit);
}
