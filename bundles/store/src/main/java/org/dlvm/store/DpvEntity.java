package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.dlvm.api.NodeStatus;

@Entity
@Table(name = "DLVM_DPV", indexes = @Index(name = "DLVM_DPV_DVG", columnList = "DVG"))
public class DpvEntity implements NodeEntity {
    @Id
    @Column(length = 128)
    private String name;
    @Column(length = 255)
    private String address;
    @Column(length = 32, nullable = false)
    private String status;
    @Column(length = 2000)
    private String reason;
    @Column(length = 128)
    private String dvg;
    private long totalSize;
    private long freeSize;
    private Long lastSeen;
    @Column(length = 64)
    private String agentVersion;
    /** The rack or zone it fails with; null: none. */
    @Column(length = 128)
    private String failureDomain;
    /** Evacuated: no new legs, and the repair watch moves the ones it holds. Null (rows older than it): no. */
    private Boolean draining;
    private long createdAt;

    protected DpvEntity() {
    }

    public DpvEntity(String name, String address, String status, long createdAt) {
        this.name = name;
        this.address = address;
        this.status = status;
        this.createdAt = createdAt;
    }

    public String getName() { return name; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getStatus() { return status; }
    public String getReason() { return reason; }
    public String getDvg() { return dvg; }
    public String getFailureDomain() { return failureDomain; }
    public boolean isDraining() { return Boolean.TRUE.equals(draining); }
    public void setDraining(boolean draining) { this.draining = draining; }
    public void setFailureDomain(String failureDomain) { this.failureDomain = failureDomain; }
    public void setDvg(String dvg) { this.dvg = dvg; }
    public long getTotalSize() { return totalSize; }
    public void setTotalSize(long totalSize) { this.totalSize = totalSize; }
    public long getFreeSize() { return freeSize; }
    public void setFreeSize(long freeSize) { this.freeSize = freeSize; }
    @Override
    public Long getLastSeen() { return lastSeen; }
    public void setLastSeen(Long lastSeen) { this.lastSeen = lastSeen; }
    public String getAgentVersion() { return agentVersion; }
    public void setAgentVersion(String agentVersion) { this.agentVersion = agentVersion; }
    public long getCreatedAt() { return createdAt; }

    @Override
    public void markAvailable() {
        this.status = NodeStatus.available.name();
        this.reason = null;
    }

    @Override
    public void markUnavailable(String reason) {
        this.status = NodeStatus.unavailable.name();
        this.reason = reason;
    }
}
