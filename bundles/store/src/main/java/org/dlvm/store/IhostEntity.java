package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.dlvm.api.NodeStatus;

@Entity
@Table(name = "DLVM_IHOST")
public class IhostEntity implements NodeEntity {
    @Id
    @Column(length = 128)
    private String name;
    @Column(length = 223)
    private String initiatorIqn;
    @Column(length = 32, nullable = false)
    private String status;
    @Column(length = 2000)
    private String reason;
    private Long lastSeen;
    @Column(length = 64)
    private String agentVersion;
    private long createdAt;

    protected IhostEntity() {
    }

    public IhostEntity(String name, String initiatorIqn, String status, long createdAt) {
        this.name = name;
        this.initiatorIqn = initiatorIqn;
        this.status = status;
        this.createdAt = createdAt;
    }

    public String getName() { return name; }
    public String getInitiatorIqn() { return initiatorIqn; }
    public void setInitiatorIqn(String initiatorIqn) { this.initiatorIqn = initiatorIqn; }
    public String getStatus() { return status; }
    public String getReason() { return reason; }
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
