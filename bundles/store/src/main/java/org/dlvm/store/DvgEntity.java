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

    protected DvgEntity() {
    }

    public DvgEntity(String name, long createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public String getName() { return name; }
    public long getCreatedAt() { return createdAt; }
}
