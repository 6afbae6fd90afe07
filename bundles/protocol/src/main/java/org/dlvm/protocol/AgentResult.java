package org.dlvm.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What an agent answers to an action that succeeded, one record per kind of answer, tagged by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = AgentResult.Done.class, name = "done"),
        @JsonSubTypes.Type(value = AgentResult.VolumeGroup.class, name = "volume_group"),
        @JsonSubTypes.Type(value = AgentResult.Initiator.class, name = "initiator"),
        @JsonSubTypes.Type(value = AgentResult.Assembled.class, name = "assembled"),
        @JsonSubTypes.Type(value = AgentResult.Transaction.class, name = "transaction"),
        @JsonSubTypes.Type(value = AgentResult.Pools.class, name = "pools"),
        @JsonSubTypes.Type(value = AgentResult.DpvHoldings.class, name = "dpv_holdings"),
        @JsonSubTypes.Type(value = AgentResult.IhostHoldings.class, name = "ihost_holdings"),
        @JsonSubTypes.Type(value = AgentResult.CopyState.class, name = "copy_state") })
public sealed interface AgentResult {
    record Done() implements AgentResult {
    }

    /** A dpv's volume group after the action: every leg action answers it, so the controller's view follows each change. */
    record VolumeGroup(String vg, long totalSize, long freeSize) implements AgentResult {
    }

    record Initiator(String initiatorIqn) implements AgentResult {
    }

    /**
     * A clone's copy on an ihost: {@code copiedBytes} of {@code totalBytes} (the source's mapped
     * bytes); {@code error} says why it failed. {@code none}: no copy onto that dlv is known there
     * (an agent restarted: the controller asks it to start again).
     */
    record CopyState(Phase phase, long copiedBytes, long totalBytes, String error) implements AgentResult {
        public enum Phase {
            none, running, succeeded, failed, cancelled
        }
    }

    /** The user's device, the pools' thin-metadata transaction id, and the legs the ihost could not reach (their mirrors run degraded). */
    record Assembled(String devicePath, long transactionId, List<String> missingLegs) implements AgentResult {
        public Assembled {
            missingLegs = List.copyOf(missingLegs);
        }
    }

    record Transaction(long transactionId) implements AgentResult {
    }

    record Pools(List<Pool> pools) implements AgentResult {
        public Pools {
            pools = List.copyOf(pools);
        }
    }

    record Pool(int member, long usedDataBlocks, long totalDataBlocks) {
    }

    /** The legs whose LVs the dpv has, and each exported leg's initiators. */
    record DpvHoldings(List<String> legVolumes, java.util.Map<String, List<String>> exports) implements AgentResult {
        public DpvHoldings {
            legVolumes = List.copyOf(legVolumes);
            exports = java.util.Map.copyOf(exports);
        }
    }

    /** The dlv parts of the stacks the ihost has, and the legs it has sessions to. */
    record IhostHoldings(List<String> dlvParts, List<String> sessionLegs) implements AgentResult {
        public IhostHoldings {
            dlvParts = List.copyOf(dlvParts);
            sessionLegs = List.copyOf(sessionLegs);
        }
    }
}
