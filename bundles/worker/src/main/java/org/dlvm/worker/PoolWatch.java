package org.dlvm.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.dlvm.api.DlvLayout;
import org.dlvm.api.Requester;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.Queues;
import org.dlvm.store.DlvEntity;
import org.dlvm.store.LegEntity;
import org.dlvm.store.OperationEntity;
import org.dlvm.store.Store;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.PeriodicTask;
import org.dlvm.worker.messaging.WorkQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin provisioning's other half: asks the ihost of every attached thin dlv how full its pools
 * are and, when one runs low, starts an extend that adds data legs without changing the
 * virtual size. The pools queue writes rather than fail when full, so a grow that lands
 * within the kernel's no-space timeout loses nothing; the threshold keeps it well ahead.
 */
@Component(service = PeriodicTask.class, configurationPid = ControllerConfig.PID)
public class PoolWatch implements PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(PoolWatch.class);

    private final Store store;
    private final AgentGateway agents;
    private final WorkQueue queue;
    private final ControllerConfig config;
    private final Clock clock;
    private final LegReservations reservations = new LegReservations();

    @Activate
    public PoolWatch(@Reference Store store, @Reference AgentGateway agents, @Reference WorkQueue queue,
            ControllerConfig config) {
        this(store, agents, queue, config, Clock.systemUTC());
    }

    PoolWatch(Store store, AgentGateway agents, WorkQueue queue, ControllerConfig config, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String taskName() {
        return "grow-thin-pools";
    }

    @Override
    public long periodSeconds() {
        return config.pool_watch_seconds();
    }

    private record Watched(String dlv, String ihost, DlvLayout layout) {
    }

    @Override
    public void run() {
        List<Watched> thin = store.inTransaction(em -> {
            List<Watched> out = new ArrayList<>();
            for (DlvEntity d : em.createQuery("select d from DlvEntity d where d.status = :s and d.dataSize < d.size",
                    DlvEntity.class).setParameter("s", DlvStatus.attached.name()).getResultList()) {
                out.add(new Watched(d.getName(), d.getIhost(), DlvLayouts.forDlv(em, d, false, Set.of())));
            }
            return out;
        });
        for (Watched w : thin) {
            Double free = leastFreeFraction(w);
            if (free != null && free * 100 < config.pool_grow_below_free_percent()) {
                grow(w.dlv(), free);
            }
        }
    }

    /** Null when the ihost cannot tell now; the next round asks again. */
    private Double leastFreeFraction(Watched w) {
        // a read: no fencing token, so it never competes with the operation that holds the dlv
        AgentRequest request = new AgentRequest(UUID.randomUUID().toString(), null, 0,
                new AgentAction.PoolUsage(w.layout()));
        try {
            AgentReply reply = agents.call(Queues.Role.ihost, w.ihost(), request);
            if (!reply.ok()) {
                LOG.warn("ihost {} cannot tell how full the pools of dlv {} are: {}", w.ihost(), w.dlv(),
                        reply.error().message());
                return null;
            }
            double least = 1;
            for (AgentResult.Pool p : reply.as(AgentResult.Pools.class).pools()) {
                long total = p.totalDataBlocks();
                long used = p.usedDataBlocks();
                least = Math.min(least, total == 0 ? 0 : (double) (total - used) / total);
            }
            return least;
        } catch (AgentUnreachableException | RuntimeException e) {
            LOG.debug("pool usage of dlv {} unknown this round: {}", w.dlv(), e.getMessage());
            return null;
        }
    }

    private void grow(String name, double free) {
        String operation = store.inTransaction(em -> {
            DlvEntity unlocked = em.find(DlvEntity.class, name);
            if (unlocked == null) {
                return null;
            }
            DvgRegistry.lock(em, unlocked.getDvg());
            DlvEntity d = DlvRegistry.lock(em, name);
            if (!DlvStatus.attached.name().equals(d.getStatus())
                    || !Operations.unfinished(em, OperationKind.DLV_EXTEND.target(name)).isEmpty()) {
                return null;
            }
            List<LegEntity> legs = DlvViews.legs(em, name);
            List<Integer> dataMirrors = new ArrayList<>();
            for (int m = 0; m < d.getStripeNumber(); m++) {
                dataMirrors.add(DlvViews.mirrorCount(legs, m, "data"));
            }
            long now = clock.millis();
            try {
                reservations.reserve(em, d, DlvGeometry.dataGrowth(d.getSize(), d.getDataSize(), d.getStripeNumber(),
                        dataMirrors), now);
            } catch (DlvmException e) {
                LOG.warn("dlv {} needs more data ({}% free) but the dvg cannot give it: {}", name, Math.round(free * 100),
                        e.getMessage());
                return null;
            }
            d.setTargetSize(d.getSize());
            d.setState(DlvStatus.extending.name(), null, OperationKind.DLV_EXTEND.wireName, now);
            OperationEntity op = Operations.create(em, OperationKind.DLV_EXTEND, name, new OperationArgs.DlvExtend(d.getTargetSize()),
                    Requester.CONTROLLER, now);
            return op.getId();
        });
        if (operation != null) {
            LOG.info("dlv {} has {}% free in a pool: operation {} adds data", name, Math.round(free * 100), operation);
            Submission.submit(queue, operation);
        }
    }
}
