package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * A dlv and the state of its thin pools. {@code size} and {@code dataSize} are what the dlv
 * has; {@code targetSize} is what an extend in flight grows it to. {@code lastOperation} is the
 * kind of the operation that set the status, so a request repeated after a failure knows
 * what it retries. Thin ids and the pools' transaction id are the controller's: the ihost
 * keeps no state of its own (DlvLayout).
 */
@Entity
@Table(name = "DLVM_DLV", indexes = { @Index(name = "DLVM_DLV_DVG", columnList = "DVG"),
        @Index(name = "DLVM_DLV_IHOST", columnList = "IHOST") })
public class DlvEntity {
    @Id
    @Column(length = 128)
    private String name;
    @Column(length = 128, nullable = false)
    private String dvg;
    private long size;
    private long targetSize;
    private long dataSize;
    private int stripeNumber;
    private int replicas;
    @Column(length = 32, nullable = false)
    private String status;
    @Column(length = 2000)
    private String reason;
    @Column(length = 32)
    private String lastOperation;
    @Column(length = 128)
    private String ihost;
    @Column(length = 255)
    private String devicePath;
    private long thinId;
    private long nextThinId;
    private long thinTransaction;
    /** A revert asked while detached, which the next assembly carries out (both null otherwise). */
    @Column(length = 128)
    private String revertSnapshot;
    private Long revertThinId;
    /** While a clone copies: the dlv and the snapshot of it it copies, and how far (all null otherwise). */
    @Column(length = 128)
    private String cloneSourceDlv;
    @Column(length = 128)
    private String cloneSourceSnapshot;
    private Long cloneCopiedBytes;
    private Long cloneTotalBytes;
    /** Attached to the controller's clone ihost for clones that copy from it, and detached after the last. */
    private Boolean servedForClones;
    private long thinBlockSectors;
    private long stripeChunkSectors;
    private long regionSectors;
    private long createdAt;
    private long updatedAt;

    protected DlvEntity() {
    }

    public DlvEntity(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas,
            long thinBlockSectors, long stripeChunkSectors, long regionSectors, long now) {
        this.name = name;
        this.dvg = dvg;
        this.size = size;
        this.targetSize = size;
        this.dataSize = dataSize;
        this.stripeNumber = stripeNumber;
        this.replicas = replicas;
        this.thinBlockSectors = thinBlockSectors;
        this.stripeChunkSectors = stripeChunkSectors;
        this.regionSectors = regionSectors;
        this.thinId = 1;
        this.nextThinId = 2;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getName() { return name; }
    public String getDvg() { return dvg; }
    public long getSize() { return size; }
    public void setSize(long size) { this.size = size; }
    public long getTargetSize() { return targetSize; }
    public void setTargetSize(long targetSize) { this.targetSize = targetSize; }
    public long getDataSize() { return dataSize; }
    public void setDataSize(long dataSize) { this.dataSize = dataSize; }
    public int getStripeNumber() { return stripeNumber; }
    public int getReplicas() { return replicas; }
    public String getStatus() { return status; }
    public String getReason() { return reason; }
    public String getLastOperation() { return lastOperation; }
    public String getIhost() { return ihost; }
    public void setIhost(String ihost) { this.ihost = ihost; }
    public String getDevicePath() { return devicePath; }
    public void setDevicePath(String devicePath) { this.devicePath = devicePath; }
    public long getThinId() { return thinId; }
    public long getThinTransaction() { return thinTransaction; }
    public void setThinTransaction(long thinTransaction) { this.thinTransaction = thinTransaction; }
    public long getThinBlockSectors() { return thinBlockSectors; }
    public long getStripeChunkSectors() { return stripeChunkSectors; }
    public long getRegionSectors() { return regionSectors; }
    public long getCreatedAt() { return createdAt; }
    public long getUpdatedAt() { return updatedAt; }

    public String getRevertSnapshot() { return revertSnapshot; }
    public Long getRevertThinId() { return revertThinId; }

    /** The snapshot the next assembly makes the dlv's contents again; null, null once it has. */
    public void setRevert(String snapshot, Long thinId) {
        this.revertSnapshot = snapshot;
        this.revertThinId = thinId;
    }

    public boolean isServedForClones() { return Boolean.TRUE.equals(servedForClones); }
    public void setServedForClones(boolean served) { this.servedForClones = served ? Boolean.TRUE : null; }
    public String getCloneSourceDlv() { return cloneSourceDlv; }
    public String getCloneSourceSnapshot() { return cloneSourceSnapshot; }
    public Long getCloneCopiedBytes() { return cloneCopiedBytes; }
    public Long getCloneTotalBytes() { return cloneTotalBytes; }

    /** The copy's source (null, null once the clone is independent of it); its progress starts again. */
    public void setCloneSource(String dlv, String snapshot) {
        this.cloneSourceDlv = dlv;
        this.cloneSourceSnapshot = snapshot;
        this.cloneCopiedBytes = null;
        this.cloneTotalBytes = null;
    }

    public void setCloneProgress(long copiedBytes, long totalBytes) {
        this.cloneCopiedBytes = copiedBytes;
        this.cloneTotalBytes = totalBytes;
    }

    /** A new thin id for a snapshot; ids are never reused within a dlv. */
    public long takeThinId() {
        return nextThinId++;
    }

    /** Status, reason and the operation that set them change together. */
    public void setState(String status, String reason, String operation, long now) {
        this.status = status;
        this.reason = bounded(reason);
        if (operation != null) {
            this.lastOperation = operation;
        }
        this.updatedAt = now;
    }

    /** The reason column holds 2000 characters: a longer reason (hundreds of failed legs, a node's long error) says its start. */
    public static String bounded(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1996) + " ...";
    }
}
