package org.dlvm.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;

/**
 * Pages of rows in name order, the one stable order every list has: {@code limit + 1} rows after
 * the marker tell whether another page follows. Filters are equalities on the entity's fields.
 */
final class NamePages {
    private NamePages() {
    }

    static <E, V> Page<V> page(EntityManager em, Class<E> type, ListQuery query, Map<String, Object> filters,
            Function<E, String> name, Function<E, V> view) {
        return pageOf(em, type, query, filters, name, rows -> rows.stream().map(view).toList());
    }

    /** A page whose views are made for all its rows at once: what a view needs of other tables, one query per page. */
    static <E, V> Page<V> pageOf(EntityManager em, Class<E> type, ListQuery query, Map<String, Object> filters,
            Function<E, String> name, Function<List<E>, List<V>> views) {
        StringBuilder jpql = new StringBuilder("select x from " + type.getSimpleName() + " x where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        String marker = query.nameMarker();
        if (marker != null) {
            jpql.append(" and x.name > :marker");
            parameters.put("marker", marker);
        }
        filters.forEach((field, value) -> {
            if (value != null) {
                jpql.append(" and x.").append(field).append(" = :").append(field);
                parameters.put(field, value);
            }
        });
        jpql.append(" order by x.name");
        TypedQuery<E> q = em.createQuery(jpql.toString(), type).setMaxResults(query.limit() + 1);
        parameters.forEach(q::setParameter);
        List<E> rows = new ArrayList<>(q.getResultList());
        String next = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            next = name.apply(rows.get(rows.size() - 1));
        }
        return new Page<>(views.apply(rows), next);
    }

    /** Filters in the order given, nulls kept (Map.of refuses them). */
    static Map<String, Object> filters(Object... fieldsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }
}
