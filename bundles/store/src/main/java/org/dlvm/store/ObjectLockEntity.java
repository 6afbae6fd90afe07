package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * One row per object an operation has ever touched. {@code generation} only rises: each
 * operation that takes the lock gets a new one and sends it to the agents as its fencing
 * token, so a stale worker is refused by the agents even if it still believes it holds the lock.
 */
@Entity
@Table(name = "DLVM_OBJECT_LOCK")
public class ObjectLockEntity {
    @Id
    @Column(length = 200)
    private String objectKey;
    private long generation;
    @Column(length = 36)
    private String operationId;
    private Long lockedAt;

    protected ObjectLockEntity() {
    }

    public ObjectLockEntity(String objectKey) {
        this.objectKey = objectKey;
    }

    public String getObjectKey() { return objectKey; }
    public long getGeneration() { return generation; }
    public void setGeneration(long generation) { this.generation = generation; }
    public String getOperationId() { return operationId; }
    public void setOperationId(String operationId) { this.operationId = operationId; }
    public Long getLockedAt() { return lockedAt; }
    public void setLockedAt(Long lockedAt) { this.lockedAt = lockedAt; }
}
