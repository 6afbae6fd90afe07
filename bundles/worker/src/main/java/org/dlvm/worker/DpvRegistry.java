package org.dlvm.worker;

import java.time.Clock;
import java.util.List;

import org.dlvm.api.Accepted;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.Names;
import org.dlvm.api.NodeStatus;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = DpvService.class)
public class DpvRegistry implements DpvService {
    private final Store store;
    private final WorkQueue queue;
    private final Clock clock;

    @Activate
    public DpvRegistry(@Reference Store store, @Reference WorkQueue queue) {
        this(store, queue, Clock.systemUTC());
    }

    DpvRegistry(Store store, WorkQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public Accepted<Dpv> register(String name, String address) {
        Names.require("name", name);
        if (address != null) {
            Names.requireAddress("address", address);
        }
        return NodeRegistration.register(store, queue, clock, OperationKind.DPV_REGISTER, name, DpvEntity.class, now -> {
            DpvEntity dpv = new DpvEntity(name, address, NodeStatus.unavailable.name(), now);
            dpv.markUnavailable(NodeRegistration.waitingReason(OperationKind.DPV_REGISTER, name));
            return dpv;
        }, Views::dpv);
    }

    @Override
    public List<Dpv> list() {
        return store.inTransaction(em -> em.createQuery("select d from DpvEntity d order by d.name", DpvEntity.class)
                .getResultList().stream().map(Views::dpv).toList());
    }

    @Override
    public Dpv get(String name) {
        Names.require("name", name);
        return store.inTransaction(em -> Views.dpv(find(em, name)));
    }

    @Override
    public void delete(String name) {
        Names.require("name", name);
        store.inTransaction(em -> {
            DpvEntity dpv = find(em, name);
            if (dpv.getDvg() != null) {
                throw DlvmException.conflict("in_use", "dpv '" + name + "' is in dvg '" + dpv.getDvg()
                        + "'; reduce the dvg first");
            }
            Operations.requireIdle(em, OperationKind.DPV_REGISTER.target(name));
            em.remove(dpv);
            return null;
        });
    }

    static DpvEntity find(javax.persistence.EntityManager em, String name) {
        DpvEntity dpv = em.find(DpvEntity.class, name);
        if (dpv == null) {
            throw DlvmException.notFound("dpv", name);
        }
        return dpv;
    }
}
