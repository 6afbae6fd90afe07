package org.dlvm.store;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * A leg a repair took out of its dlv: no layout names it any more, but its LV (and perhaps its
 * target) is still on {@code dpv}, which was out of reach when the repair ran. The row stays
 * until that dpv has deleted it, so nothing is left behind when the dpv comes back. Kept apart
 * from {@link LegEntity}, so every query of a dlv's legs sees only the legs it is built from.
 */
@Entity
@Table(name = "DLVM_RETIRED_LEG", indexes = { @Index(name = "DLVM_RETIRED_LEG_DPV", columnList = "DPV") })
public class RetiredLegEntity {
    @Id
    @Column(length = 64)
    private String name;
    @Column(length = 128, nullable = false)
    private String dpv;
    @Column(length = 128, nullable = false)
    private String dlv;
    @Column(length = 64, nullable = false)
    private String replacedBy;
    @Column(length = 1024)
    private String reason;
    private long retiredAt;

    protected RetiredLegEntity() {
    }

    public RetiredLegEntity(String name, String dpv, String dlv, String replacedBy, String reason, long retiredAt) {
        this.name = name;
        this.dpv = dpv;
        this.dlv = dlv;
        this.replacedBy = replacedBy;
        this.reason = reason;
        this.retiredAt = retiredAt;
    }

    public String getName() { return name; }
    public String getDpv() { return dpv; }
    public String getDlv() { return dlv; }
    public String getReplacedBy() { return replacedBy; }
    public String getReason() { return reason; }
    public long getRetiredAt() { return retiredAt; }
}
