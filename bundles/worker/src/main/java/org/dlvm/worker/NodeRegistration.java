package org.dlvm.worker;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.dlvm.api.Accepted;
import org.dlvm.api.Requester;
import org.dlvm.api.DlvmException;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.WorkQueue;

/**
 * Registering a node (dpv or ihost): store it unavailable together with the operation that asks
 * its agent, in one transaction, then hand the operation to the queue.
 */
final class NodeRegistration {
    private NodeRegistration() {
    }

    static <E, V> Accepted<V> register(Store store, WorkQueue queue, Clock clock, OperationKind kind, String name,
            Class<E> type, Requester by, LongFunction<E> create, Function<E, V> view) {
        Accepted<V> accepted = store.inTransaction(em -> {
            if (em.find(type, name) != null) {
                String article = "aeiou".indexOf(kind.objectKind.charAt(0)) >= 0 ? "an " : "a ";
                throw DlvmException.conflict("exists", article + kind.objectKind + " named '" + name + "' exists");
            }
            long now = clock.millis();
            E node = create.apply(now);
            em.persist(node);
            OperationEntity op = Operations.create(em, kind, name, new OperationArgs.Register(), by, now);
            return new Accepted<>(view.apply(node), Views.operation(op));
        });
        Submission.submit(queue, accepted.operation().id());
        return accepted;
    }

    static String waitingReason(OperationKind kind, String name) {
        return "waiting for the agent of " + kind.objectKind + " '" + name + "' to answer";
    }
}
