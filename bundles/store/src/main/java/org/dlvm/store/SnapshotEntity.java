package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A snapshot: thin id {@code thinId} in every pool of its dlv. */
@Entity
@Table(name = "DLVM_SNAPSHOT", indexes = @Index(name = "DLVM_SNAPSHOT_DLV", columnList = "DLV"))
public class SnapshotEntity {
    @Id
    @Column(length = 260)
    private String id;
    @Column(length = 128, nullable = false)
    private String dlv;
    @Column(length = 128, nullable = false)
    private String name;
    private long thinId;
    @Column(length = 16, nullable = false)
    private String status;
    @Column(length = 2000)
    private String reason;
    private long createdAt;

    protected SnapshotEntity() {
    }

    public SnapshotEntity(String dlv, String name, long thinId, String status, long now) {
        this.id = key(dlv, name);
        this.dlv = dlv;
        this.name = name;
        this.thinId = thinId;
        this.status = status;
        this.createdAt = now;
    }

    /** Names never contain '/', so the key is unique per (dlv, name). */
    public static String key(String dlv, String name) {
        return dlv + "/" + name;
    }

    public String getId() { return id; }
    public String getDlv() { return dlv; }
    public String getName() { return name; }
    public long getThinId() { return thinId; }
    public String getStatus() { return status; }
    public String getReason() { return reason; }
    public long getCreatedAt() { return createdAt; }

    public void setState(String status, String reason) {
        this.status = status;
        this.reason = reason;
    }
}
