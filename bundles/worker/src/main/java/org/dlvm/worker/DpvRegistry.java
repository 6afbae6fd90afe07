package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlvm.api.Accepted;
import org.dlvm.api.Requester;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
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
    public Accepted<Dpv> register(String name, String address, String failureDomain, Requester by) {
        Names.require("name", name);
        if (address != null) {
            Names.requireAddress("address", address);
        }
        Names.optionalDomain("failure_domain", failureDomain);
        return NodeRegistration.register(store, queue, clock, OperationKind.DPV_REGISTER, name, DpvEntity.class, by, now -> {
            DpvEntity dpv = new DpvEntity(name, address, NodeStatus.unavailable.name(), now);
            dpv.setFailureDomain(failureDomain);
            dpv.markUnavailable(NodeRegistration.waitingReason(OperationKind.DPV_REGISTER, name));
            return dpv;
        }, dpv -> Views.dpv(dpv, 0));
    }

    @Override
    public Page<Dpv> list(ListQuery query) {
        NodeStatus status = query.statusAs(NodeStatus.class);
        return store.inTransaction(em -> NamePages.pageOf(em, DpvEntity.class, query, NamePages.filters("status",
                status == null ? null : status.name(), "dvg", query.dvg()), DpvEntity::getName, rows -> {
                    Map<String, Long> legs = LegRows.perDpv(em, rows.stream().map(DpvEntity::getName).toList());
                    return rows.stream().map(d -> Views.dpv(d, legs.getOrDefault(d.getName(), 0L))).toList();
                }));
    }

    @Override
    public Dpv get(String name) {
        Names.require("name", name);
        return store.inTransaction(em -> Views.dpv(find(em, name), LegRows.on(em, name)));
    }

    @Override
    public Dpv setFailureDomain(String name, String failureDomain) {
        Names.require("name", name);
        Names.optionalDomain("failure_domain", failureDomain);
        return store.inTransaction(em -> {
            // under the dvg's lock, the one every leg reservation takes: no placement sees half a change
            DpvEntity current = find(em, name);
            if (current.getDvg() != null) {
                DvgRegistry.lock(em, current.getDvg());
            }
            DpvEntity dpv = lock(em, name);
            dpv.setFailureDomain(failureDomain);
            return Views.dpv(dpv, LegRows.on(em, name));
        });
    }

    @Override
    public Dpv evacuate(String name) {
        return draining(name, true);
    }

    @Override
    public Dpv cancelEvacuation(String name) {
        return draining(name, false);
    }

    /** Under the dvg's lock, as setFailureDomain: no placement sees half a change. */
    private Dpv draining(String name, boolean draining) {
        Names.require("name", name);
        return store.inTransaction(em -> {
            DpvEntity current = find(em, name);
            if (current.getDvg() != null) {
                DvgRegistry.lock(em, current.getDvg());
            }
            DpvEntity dpv = lock(em, name);
            if (draining) {
                List<String> stuck = new ArrayList<>();
                List<String> single = new ArrayList<>();
                for (Object[] row : em.createQuery("select distinct d.name, d.status, d.replicas from DlvEntity d, LegEntity l"
                        + " where l.dpv = :p and l.dlv = d.name order by d.name", Object[].class).setParameter("p", name)
                        .getResultList()) {
                    if (((Number) row[2]).intValue() < 2) {
                        single.add((String) row[0]);
                    } else if (!MOVABLE.contains((String) row[1])) {
                        stuck.add(row[0] + " (" + row[1] + ")");
                    }
                }
                if (!single.isEmpty()) {
                    throw DlvmException.conflict("not_mirrored", "dpv '" + name + "' holds the only copy of dlvs " + single
                            + " (replicas 1): a leg is moved by copying it within its mirror, and these have none;"
                            + " move their data (a clone with replicas 2) or delete them, and evacuate again");
                }
                if (!stuck.isEmpty()) {
                    throw DlvmException.conflict("not_movable", "dpv '" + name + "' holds legs of dlvs that are not"
                            + " attached: " + stuck + "; a leg is moved by its dlv's running mirror, so attach them (or"
                            + " delete them) and evacuate again");
                }
            }
            dpv.setDraining(draining);
            return Views.dpv(dpv, LegRows.on(em, name));
        });
    }

    /** The dlvs whose legs an evacuation can move: served, or on their way to it. */
    private static final java.util.Set<String> MOVABLE = java.util.Set.of(DlvStatus.attached.name(),
            DlvStatus.degraded.name(), DlvStatus.attaching.name(), DlvStatus.extending.name());

    @Override
    public void delete(String name) {
        Names.require("name", name);
        store.inTransaction(em -> {
            DpvEntity dpv = lock(em, name);
            if (dpv.getDvg() != null) {
                throw DlvmException.conflict("in_use", "dpv '" + name + "' is in dvg '" + dpv.getDvg()
                        + "'; reduce the dvg first");
            }
            long legs = LegRows.on(em, name);
            if (legs > 0) {
                throw DlvmException.conflict("in_use", "dpv '" + name + "' holds " + legs + " legs (of dlvs "
                        + LegRows.dlvsOn(em, name) + ")");
            }
            Operations.requireIdle(em, OperationKind.DPV_REGISTER.target(name));
            em.remove(dpv);
            return null;
        });
    }

    static DpvEntity find(javax.persistence.EntityManager em, String name) {
        return found(em.find(DpvEntity.class, name), name);
    }

    /** The dpv's row, locked until the transaction ends (after its dvg's, in the store's lock order). */
    static DpvEntity lock(javax.persistence.EntityManager em, String name) {
        return found(em.find(DpvEntity.class, name, javax.persistence.LockModeType.PESSIMISTIC_WRITE), name);
    }

    private static DpvEntity found(DpvEntity dpv, String name) {
        if (dpv == null) {
            throw DlvmException.notFound("dpv", name);
        }
        return dpv;
    }
}
