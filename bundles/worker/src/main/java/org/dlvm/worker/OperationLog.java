package org.dlvm.worker;

import java.util.List;

import org.dlvm.api.DlvmException;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationService;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = OperationService.class)
public class OperationLog implements OperationService {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("^[0-9a-f-]{36}$");
    private final Store store;

    @Activate
    public OperationLog(@Reference Store store) {
        this.store = store;
    }

    @Override
    public Operation get(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            // no operation can have such an id: it is simply not there
            throw DlvmException.notFound("operation", id == null ? "" : id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
        return store.inTransaction(em -> {
            OperationEntity op = em.find(OperationEntity.class, id);
            if (op == null) {
                throw DlvmException.notFound("operation", id);
            }
            return Views.operation(op);
        });
    }

    @Override
    public List<Operation> list(int limit) {
        if (limit < 1 || limit > 1000) {
            throw DlvmException.invalid("invalid_limit", "limit must be between 1 and 1000, got " + limit);
        }
        return store.inTransaction(em -> em
                .createQuery("select o from OperationEntity o order by o.createdAt desc", OperationEntity.class)
                .setMaxResults(limit).getResultList().stream().map(Views::operation).toList());
    }
}
