package org.dlvm.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

final class Completions {
    private Completions() {
    }

    /**
     * Names of the objects a service lists, or none. Completion is best effort: a missing
     * service (not a controller) or a failing one (database down) must not print a stack
     * trace into the middle of the line the operator is typing.
     */
    static <S, T> List<String> names(S service, Function<S, List<T>> list, Function<T, String> name) {
        if (service == null) {
            return List.of();
        }
        try {
            List<String> names = new ArrayList<>();
            for (T item : list.apply(service)) {
                String n = name.apply(item);
                if (n != null) {
                    names.add(n);
                }
            }
            return names;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
