package org.dlvm.api;

import java.util.List;

/**
 * A group of dpvs; its sizes are the sums over its members. {@code domainPolicy}: whether its
 * mirrors must spread over failure domains. {@code repairAfterSeconds}: how long one of its dpvs
 * may stay unavailable before the legs it holds are replaced (null: the controller's
 * {@code repair_after_seconds}).
 */
public record Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount, DomainPolicy domainPolicy,
        Long repairAfterSeconds) {

    public Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount, DomainPolicy domainPolicy) {
        this(name, dpvs, totalSize, freeSize, dlvCount, domainPolicy, null);
    }

    /** A week: a longer wait is no repair at all. */
    public static final long MAX_REPAIR_AFTER_SECONDS = 7 * 24 * 3600;

    public Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount) {
        this(name, dpvs, totalSize, freeSize, dlvCount, DomainPolicy.preferred);
    }
}
