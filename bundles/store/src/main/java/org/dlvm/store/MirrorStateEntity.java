package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * What a dlv's ihost last reported of one of its mirrors: dm-raid's health character per leg
 * position ({@code legs}), the sync ratio and action. Written by the events sink without a lock
 * (a report is a fact, the newest wins) and kept apart from the legs' rows, which operations
 * write under their lock.
 */
@Entity
@Table(name = "DLVM_MIRROR_STATE", indexes = { @Index(name = "DLVM_MIRROR_STATE_DLV", columnList = "DLV") })
public class MirrorStateEntity {
    @Id
    @Column(length = 200)
    private String id;
    @Column(length = 128, nullable = false)
    private String dlv;
    private int member;
    @Column(length = 8, nullable = false)
    private String kind;
    private int mirror;
    @Column(length = 128, nullable = false)
    private String ihost;
    @Column(length = 128, nullable = false)
    private String legs;
    private long syncedSectors;
    private long totalSectors;
    @Column(length = 32)
    private String syncAction;
    private long reportedAt;
    /** The legs by position as the ihost assembled the mirror, comma-separated; null from an older agent. */
    @Column(length = 1024)
    private String legNames;

    protected MirrorStateEntity() {
    }

    public MirrorStateEntity(String dlv, int member, String kind, int mirror) {
        this.id = id(dlv, member, kind, mirror);
        this.dlv = dlv;
        this.member = member;
        this.kind = kind;
        this.mirror = mirror;
    }

    public static String id(String dlv, int member, String kind, int mirror) {
        return dlv + "/" + member + "/" + kind + "/" + mirror;
    }

    public void report(String ihost, String legs, long syncedSectors, long totalSectors, String syncAction, long now) {
        report(ihost, legs, null, syncedSectors, totalSectors, syncAction, now);
    }

    public void report(String ihost, String legs, java.util.List<String> legNames, long syncedSectors, long totalSectors,
            String syncAction, long now) {
        this.legNames = legNames == null ? null : String.join(",", legNames);
        this.ihost = ihost;
        this.legs = legs;
        this.syncedSectors = syncedSectors;
        this.totalSectors = totalSectors;
        this.syncAction = syncAction;
        this.reportedAt = now;
    }

    public String getId() { return id; }
    public String getDlv() { return dlv; }
    public int getMember() { return member; }
    public String getKind() { return kind; }
    public int getMirror() { return mirror; }
    public String getIhost() { return ihost; }
    public String getLegs() { return legs; }
    public long getSyncedSectors() { return syncedSectors; }
    public long getTotalSectors() { return totalSectors; }
    public String getSyncAction() { return syncAction; }
    public long getReportedAt() { return reportedAt; }
    public java.util.List<String> getLegNames() {
        return legNames == null ? null : java.util.List.of(legNames.split(","));
    }
}
