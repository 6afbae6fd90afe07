package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

@Entity
@Table(name = "DLVM_OPERATION", indexes = {
        @Index(name = "DLVM_OPERATION_STATUS", columnList = "STATUS"),
        @Index(name = "DLVM_OPERATION_TARGET", columnList = "TARGET") })
public class OperationEntity {
    @Id
    @Column(length = 36)
    private String id;
    @Column(length = 64, nullable = false)
    private String kind;
    @Column(length = 200, nullable = false)
    private String target;
    @Column(length = 32, nullable = false)
    private String status;
    @Column(length = 2000)
    private String error;
    /** JSON arguments of the operation, so any controller can resume it. */
    @Column(length = 4000)
    private String args;
    private long createdAt;
    private Long startedAt;
    private Long finishedAt;
    private int attempts;
    /** Bytes done and to do of an operation that copies (a clone); null for the others. */
    private Long progressDone;
    private Long progressTotal;
    /** The user who asked for it (REST, shell) or the controller itself. */
    @Column(length = 128)
    private String requestedBy;

    protected OperationEntity() {
    }

    public OperationEntity(String id, String kind, String target, String status, String args, long createdAt,
            String requestedBy) {
        this.id = id;
        this.requestedBy = requestedBy;
        this.kind = kind;
        this.target = target;
        this.status = status;
        this.args = args;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getKind() { return kind; }
    public String getTarget() { return target; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public String getArgs() { return args; }
    public long getCreatedAt() { return createdAt; }
    public Long getStartedAt() { return startedAt; }
    public void setStartedAt(Long startedAt) { this.startedAt = startedAt; }
    public Long getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Long finishedAt) { this.finishedAt = finishedAt; }
    public int getAttempts() { return attempts; }
    public String getRequestedBy() { return requestedBy; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public Long getProgressDone() { return progressDone; }
    public Long getProgressTotal() { return progressTotal; }

    /** How far an operation that copies is, in bytes. */
    public void setProgress(long done, long total) {
        this.progressDone = done;
        this.progressTotal = total;
    }
}
