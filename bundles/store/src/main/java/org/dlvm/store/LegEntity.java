package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One leg: an LV of {@code size} bytes on {@code dpv}, leg {@code position} of mirror
 * {@code mirror} of the {@code kind} (meta/data) mirrors of stripe member {@code member}.
 * {@code status} records how far the leg got (allocated → created → exported), which is what
 * lets a repeated operation skip the steps already done. {@code fresh}: its mirror was never
 * assembled, so it may start without a copy. {@code replaces}: the leg a repair put this one in
 * place of, until the ihost reports its mirror in sync again (a leg being rebuilt).
 */
@Entity
@Table(name = "DLVM_LEG", indexes = { @Index(name = "DLVM_LEG_DLV", columnList = "DLV"),
        @Index(name = "DLVM_LEG_DPV", columnList = "DPV"),
        // a create counts the legs still only allocated, which are few among all of them
        @Index(name = "DLVM_LEG_STATUS", columnList = "STATUS") })
public class LegEntity {
    public static final String ALLOCATED = "allocated";
    public static final String CREATED = "created";
    public static final String EXPORTED = "exported";
    /** Exported, but the ihost could not reach it at the last assembly: its mirror runs degraded. */
    public static final String MISSING = "missing";

    @Id
    @Column(length = 64)
    private String name;
    @Column(length = 128, nullable = false)
    private String dlv;
    private int member;
    @Column(length = 8, nullable = false)
    private String kind;
    private int mirror;
    private int position;
    @Column(length = 128, nullable = false)
    private String dpv;
    private long size;
    @Column(length = 16, nullable = false)
    private String status;
    private boolean fresh;
    @Column(length = 64)
    private String chapUser;
    @Column(length = 64)
    private String chapPassword;
    private long createdAt;
    @Column(length = 64)
    private String replaces;

    protected LegEntity() {
    }

    public LegEntity(String name, String dlv, int member, String kind, int mirror, int position, String dpv, long size,
            String chapUser, String chapPassword, long now) {
        this.name = name;
        this.dlv = dlv;
        this.member = member;
        this.kind = kind;
        this.mirror = mirror;
        this.position = position;
        this.dpv = dpv;
        this.size = size;
        this.status = ALLOCATED;
        this.fresh = true;
        this.chapUser = chapUser;
        this.chapPassword = chapPassword;
        this.createdAt = now;
    }

    public String getName() { return name; }
    public String getDlv() { return dlv; }
    public int getMember() { return member; }
    public String getKind() { return kind; }
    public int getMirror() { return mirror; }
    public int getPosition() { return position; }
    public String getDpv() { return dpv; }
    public long getSize() { return size; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public boolean isFresh() { return fresh; }
    public void setFresh(boolean fresh) { this.fresh = fresh; }
    public String getChapUser() { return chapUser; }
    public String getChapPassword() { return chapPassword; }
    public long getCreatedAt() { return createdAt; }
    public String getReplaces() { return replaces; }
    public void setReplaces(String replaces) { this.replaces = replaces; }
}
