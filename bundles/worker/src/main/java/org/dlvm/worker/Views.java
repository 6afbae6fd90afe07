package org.dlvm.worker;

import java.util.List;

import org.dlvm.api.Dpv;
import org.dlvm.api.DomainPolicy;
import org.dlvm.api.Dvg;
import org.dlvm.api.Ihost;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.OperationEntity;

/** The one place where stored rows become the API's records. */
final class Views {
    private Views() {
    }

    /** {@code legCount} comes from the leg rows (LegRows), never from a counter that drifts. */
    static Dpv dpv(DpvEntity e, long legCount) {
        return new Dpv(e.getName(), e.getAddress(), NodeStatus.valueOf(e.getStatus()), e.getReason(), e.getDvg(),
                e.getTotalSize(), e.getFreeSize(), (int) legCount, Times.iso(e.getLastSeen()), e.getAgentVersion(),
                e.getFailureDomain(), e.isDraining());
    }

    /** Rows stored before the policy existed read as the default. */
    static DomainPolicy domainPolicy(String stored) {
        return stored == null ? DomainPolicy.preferred : DomainPolicy.valueOf(stored);
    }

    static Dvg dvg(String name, DomainPolicy policy, Long repairAfterSeconds, List<DpvEntity> members, int dlvCount) {
        long total = 0;
        long free = 0;
        for (DpvEntity d : members) {
            total += d.getTotalSize();
            free += d.getFreeSize();
        }
        return new Dvg(name, members.stream().map(DpvEntity::getName).sorted().toList(), total, free, dlvCount, policy,
                repairAfterSeconds);
    }

    static Ihost ihost(IhostEntity e, List<String> attachedDlvs) {
        return new Ihost(e.getName(), e.getInitiatorIqn(), NodeStatus.valueOf(e.getStatus()), e.getReason(),
                Times.iso(e.getLastSeen()), attachedDlvs, e.getAgentVersion());
    }

    static Operation operation(OperationEntity e) {
        return new Operation(e.getId(), e.getKind(), e.getTarget(), OperationStatus.valueOf(e.getStatus()),
                e.getError(), Times.iso(e.getCreatedAt()), Times.iso(e.getFinishedAt()), e.getRequestedBy(),
                e.getProgressDone(), e.getProgressTotal(), e.getProgressTotal() == null ? null
                        : new org.dlvm.api.Progress(e.getProgressDone(), e.getProgressTotal()).percent());
    }
}
