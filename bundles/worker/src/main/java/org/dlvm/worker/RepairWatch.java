package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.dlvm.api.DlvStatus;
import org.dlvm.api.NodeStatus;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.health.DlvHealth;
import org.dlvm.worker.health.DlvHealthUpdates;
import org.dlvm.worker.messaging.PeriodicTask;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dpv's announce cannot do alone: its restore may assemble the dlv before the ihost's
 * iSCSI session to the dpv has recovered, and dm-raid takes a leg back only once its disk carries
 * I/O. So every {@code repair_watch_seconds} a degraded dlv whose ihost is available and that has
 * a leg its mirror runs without while the leg's dpv is available gets a {@code dlv-restore} by
 * its ihost (an assembly, which takes such legs back), at most one per
 * {@code rejoin_retry_seconds}, counted from the newest restore's row. A dlv with an operation in
 * flight is left to it.
 */
@Component(service = PeriodicTask.class, configurationPid = ControllerConfig.PID)
public class RepairWatch implements PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(RepairWatch.class);

    private final Store store;
    private final WorkQueue queue;
    private final ControllerConfig config;
    private final Clock clock;

    @Activate
    public RepairWatch(@Reference Store store, @Reference WorkQueue queue, ControllerConfig config) {
        this(store, queue, config, Clock.systemUTC());
    }

    RepairWatch(Store store, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String taskName() {
        return "repair-watch";
    }

    @Override
    public long periodSeconds() {
        return config.repair_watch_seconds();
    }

    @Override
    public void run() {
        long now = clock.millis();
        List<String> started = store.inTransaction(em -> {
            List<String> ids = new ArrayList<>();
            for (Map.Entry<DlvEntity, List<DlvHealth.Leg>> e : legsToTakeBack(em).entrySet()) {
                DlvEntity dlv = e.getKey();
                if (!Operations.unfinished(em, OperationKind.DLV_RESTORE.target(dlv.getName())).isEmpty()
                        || restoredWithin(em, dlv.getName(), now - config.rejoin_retry_seconds() * 1000)) {
                    continue;
                }
                List<String> made = DlvRestores.toTakeBack(em, dlv.getName(), dlv.getIhost(), now);
                if (!made.isEmpty()) {
                    LOG.info("dlv {}: legs {} answer again, operation {} assembles it to take them back", dlv.getName(),
                            e.getValue().stream().map(DlvHealth.Leg::name).toList(), made.get(0));
                }
                ids.addAll(made);
            }
            return ids;
        });
        started.forEach(id -> Submission.submit(queue, id));
    }

    /** Degraded dlvs on an available ihost, with the legs their mirrors could take back. */
    private static Map<DlvEntity, List<DlvHealth.Leg>> legsToTakeBack(EntityManager em) {
        List<DlvEntity> degraded = em.createQuery("select d from DlvEntity d where d.status = :s and d.ihost is not null",
                DlvEntity.class).setParameter("s", DlvStatus.degraded.name()).getResultList().stream()
                .filter(d -> ihostAvailable(em, d.getIhost())).toList();
        Map<DlvEntity, List<DlvHealth.Leg>> out = new HashMap<>();
        if (degraded.isEmpty()) {
            return out;
        }
        DlvHealthUpdates.Facts facts = DlvHealthUpdates.facts(em, degraded.stream().map(DlvEntity::getName).toList());
        for (DlvEntity d : degraded) {
            List<DlvHealth.Leg> back = DlvHealth.toTakeBack(facts.legs().getOrDefault(d.getName(), List.of()),
                    facts.mirrors().getOrDefault(d.getName(), Map.of()), facts.unavailableDpvs());
            if (!back.isEmpty()) {
                out.put(d, back);
            }
        }
        return out;
    }

    private static boolean ihostAvailable(EntityManager em, String ihost) {
        IhostEntity i = em.find(IhostEntity.class, ihost);
        return i != null && NodeStatus.available.name().equals(i.getStatus());
    }

    private static boolean restoredWithin(EntityManager em, String dlv, long since) {
        return em.createQuery("select count(o) from OperationEntity o where o.target = :t and o.kind = :k"
                + " and o.createdAt > :since", Long.class).setParameter("t", OperationKind.DLV_RESTORE.target(dlv))
                .setParameter("k", OperationKind.DLV_RESTORE.wireName).setParameter("since", since).getSingleResult() > 0;
    }
}
