package org.dlvm.api;

import java.util.List;

/**
 * A group of dpvs; its sizes are the sums over its members. {@code domainPolicy}: whether its
 * mirrors must spread over failure domains.
 */
public record Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount, DomainPolicy domainPolicy) {

    public Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount) {
        this(name, dpvs, totalSize, freeSize, dlvCount, DomainPolicy.preferred);
    }
}
