package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "DLVM_DVG")
public class DvgEntity {
    @Id
    @Column(length = 128)
    private String name;
    private long createdAt;
    /** A DomainPolicy's name; null (rows of before the column) reads as preferred. */
    @Column(length = 16)
    private String domainPolicy;
    /** Seconds a dpv may stay away before its legs are replaced; null: the controller's default. */
    private Long repairAfterSeconds;

    protected DvgEntity() {
    }

    public DvgEntity(String name, long createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public String getName() { return name; }
    public long getCreatedAt() { return createdAt; }
    public String getDomainPolicy() { return domainPolicy; }
    public Long getRepairAfterSeconds() { return repairAfterSeconds; }
    public void setRepairAfterSeconds(Long repairAfterSeconds) { this.repairAfterSeconds = repairAfterSeconds; }
    public void setDomainPolicy(String domainPolicy) { this.domainPolicy = domainPolicy; }
}
