package org.dlvm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, in the list's stable order. {@code next} is the marker that asks for the
 * following page ({@link ListQuery#marker()}), null on the last page.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }

    /** Every page, one after the other: for callers that want the whole list (the shell). */
    public static <T> List<T> all(Function<ListQuery, Page<T>> lister) {
        List<T> all = new ArrayList<>();
        String marker = null;
        do {
            Page<T> page = lister.apply(new ListQuery(ListQuery.MAX_LIMIT, marker, null, null, null));
            all.addAll(page.items());
            marker = page.next();
        } while (marker != null);
        return all;
    }
}
