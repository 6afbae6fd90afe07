package org.dlvm.worker;

import java.util.List;

import javax.persistence.TypedQuery;

import org.dlvm.api.DlvmException;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationService;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Page;
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

    /** Newest first; operations created in the same millisecond follow in id order, so the order is stable. */
    @Override
    public Page<Operation> list(ListQuery query) {
        OperationStatus status = query.statusAs(OperationStatus.class);
        return store.inTransaction(em -> {
            StringBuilder jpql = new StringBuilder("select o from OperationEntity o where 1 = 1");
            OperationEntity after = null;
            if (query.marker() != null) {
                after = ID.matcher(query.marker()).matches() ? em.find(OperationEntity.class, query.marker()) : null;
                if (after == null) {
                    throw DlvmException.invalid("invalid_marker", "marker must be the id of an operation of the list");
                }
                jpql.append(" and (o.createdAt < :at or (o.createdAt = :at and o.id < :id))");
            }
            if (status != null) {
                jpql.append(" and o.status = :status");
            }
            TypedQuery<OperationEntity> q = em.createQuery(jpql.append(" order by o.createdAt desc, o.id desc").toString(),
                    OperationEntity.class).setMaxResults(query.limit() + 1);
            if (after != null) {
                q.setParameter("at", after.getCreatedAt()).setParameter("id", after.getId());
            }
            if (status != null) {
                q.setParameter("status", status.name());
            }
            List<OperationEntity> rows = q.getResultList();
            String next = rows.size() > query.limit() ? rows.get(query.limit() - 1).getId() : null;
            return new Page<>(rows.stream().limit(query.limit()).map(Views::operation).toList(), next);
        });
    }
}
