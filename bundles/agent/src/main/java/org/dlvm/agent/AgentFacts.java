package org.dlvm.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * What an agent's events tell about its node; any of it may be null when unknown. {@code dlvs}:
 * what an ihost's kernel says of the dlvs it holds.
 */
public record AgentFacts(Long totalSize, Long freeSize, String initiatorIqn, String problem,
        List<org.dlvm.api.DlvState> dlvs) {

    public AgentFacts(Long totalSize, Long freeSize, String initiatorIqn, String problem) {
        this(totalSize, freeSize, initiatorIqn, problem, null);
    }

    public static AgentFacts problem(String problem) {
        return new AgentFacts(null, null, null, problem);
    }

    /** "volume group not found; command 'lvm' not found: install lvm2": the failure first, then what the node lacks. */
    public static String problemText(String failure, List<String> nodeProblems) {
        List<String> parts = new ArrayList<>();
        if (failure != null && !failure.isBlank()) {
            parts.add(failure.trim());
        }
        for (String p : nodeProblems) {
            if (p != null && !p.isBlank() && !parts.contains(p.trim())) {
                parts.add(p.trim());
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
