package org.dlvm.worker;

import java.time.Clock;
import java.util.List;

import javax.persistence.EntityManager;

import org.dlvm.api.Accepted;
import org.dlvm.api.Requester;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
import org.dlvm.api.Names;
import org.dlvm.api.NodeStatus;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = IhostService.class)
public class IhostRegistry implements IhostService {
    private final Store store;
    private final WorkQueue queue;
    private final Clock clock;

    @Activate
    public IhostRegistry(@Reference Store store, @Reference WorkQueue queue) {
        this(store, queue, Clock.systemUTC());
    }

    IhostRegistry(Store store, WorkQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public Accepted<Ihost> register(String name, String initiatorIqn, Requester by) {
        Names.require("name", name);
        if (initiatorIqn != null) {
            Names.requireIqn("initiator_iqn", initiatorIqn);
        }
        return NodeRegistration.register(store, queue, clock, OperationKind.IHOST_REGISTER, name, IhostEntity.class, by,
                now -> {
                    IhostEntity ihost = new IhostEntity(name, initiatorIqn, NodeStatus.unavailable.name(), now);
                    ihost.markUnavailable(NodeRegistration.waitingReason(OperationKind.IHOST_REGISTER, name));
                    return ihost;
                }, ihost -> Views.ihost(ihost, List.of()));
    }

    @Override
    public Page<Ihost> list(ListQuery query) {
        NodeStatus status = query.statusAs(NodeStatus.class);
        return store.inTransaction(em -> NamePages.page(em, IhostEntity.class, query, NamePages.filters("status",
                status == null ? null : status.name()), IhostEntity::getName,
                i -> Views.ihost(i, attachedDlvs(em, i.getName()))));
    }

    @Override
    public Ihost get(String name) {
        Names.require("name", name);
        return store.inTransaction(em -> Views.ihost(find(em, name), attachedDlvs(em, name)));
    }

    @Override
    public void delete(String name) {
        Names.require("name", name);
        store.inTransaction(em -> {
            IhostEntity ihost = lock(em, name);
            List<String> attached = attachedDlvs(em, name);
            if (!attached.isEmpty()) {
                throw DlvmException.conflict("in_use", "ihost '" + name + "' holds dlvs " + attached + "; detach them first");
            }
            Operations.requireIdle(em, OperationKind.IHOST_REGISTER.target(name));
            em.remove(ihost);
            return null;
        });
    }

    /** The dlvs bound to this ihost: attached, or on their way in or out. */
    static List<String> attachedDlvs(EntityManager em, String ihost) {
        return em.createQuery("select d.name from DlvEntity d where d.ihost = :i order by d.name", String.class)
                .setParameter("i", ihost).getResultList();
    }

    static IhostEntity find(EntityManager em, String name) {
        return found(em.find(IhostEntity.class, name), name);
    }

    /** The ihost's row, locked until the transaction ends: attach and delete of an ihost take it. */
    static IhostEntity lock(EntityManager em, String name) {
        return found(em.find(IhostEntity.class, name, javax.persistence.LockModeType.PESSIMISTIC_WRITE), name);
    }

    private static IhostEntity found(IhostEntity ihost, String name) {
        if (ihost == null) {
            throw DlvmException.notFound("ihost", name);
        }
        return ihost;
    }
}
