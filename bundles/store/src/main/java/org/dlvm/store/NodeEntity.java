package org.dlvm.store;

/**
 * What dpvs and ihosts share: a node whose agent reports in. Status and reason change together
 * (an available node has no reason), so they are only set through {@link #markAvailable} and
 * {@link #markUnavailable}.
 */
public interface NodeEntity {
    String getName();

    Long getLastSeen();

    void setLastSeen(Long lastSeen);

    void setAgentVersion(String agentVersion);

    void markAvailable();

    void markUnavailable(String reason);
}
