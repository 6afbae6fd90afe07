package org.dlvm.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import org.dlvm.api.DlvLayout;

/**
 * What the controller asks of an agent, one record per action, tagged by {@code type} in JSON.
 * Every action that changes a node is idempotent: the agent probes what exists and does only
 * what is missing, so an action repeated after a lost reply or a controller restart is safe. Leg
 * actions carry every leg of one dlv on the dpv they go to, so that an operation asks each dpv
 * once; the next step (desired state) sends a node all it must hold in one such message.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = AgentAction.Describe.class, name = "describe"),
        @JsonSubTypes.Type(value = AgentAction.CreateLegs.class, name = "legs.create"),
        @JsonSubTypes.Type(value = AgentAction.ExportLegs.class, name = "legs.export"),
        @JsonSubTypes.Type(value = AgentAction.UnexportLegs.class, name = "legs.unexport"),
        @JsonSubTypes.Type(value = AgentAction.DeleteLegs.class, name = "legs.delete"),
        @JsonSubTypes.Type(value = AgentAction.AssembleDlv.class, name = "dlv.assemble"),
        @JsonSubTypes.Type(value = AgentAction.GrowDlv.class, name = "dlv.grow"),
        @JsonSubTypes.Type(value = AgentAction.DisassembleDlv.class, name = "dlv.disassemble"),
        @JsonSubTypes.Type(value = AgentAction.CreateSnapshot.class, name = "snapshot.create"),
        @JsonSubTypes.Type(value = AgentAction.DeleteSnapshot.class, name = "snapshot.delete"),
        @JsonSubTypes.Type(value = AgentAction.PoolUsage.class, name = "dlv.usage"),
        @JsonSubTypes.Type(value = AgentAction.Holdings.class, name = "node.holdings"),
        @JsonSubTypes.Type(value = AgentAction.TearDownDlv.class, name = "dlv.teardown"),
        @JsonSubTypes.Type(value = AgentAction.CopyDlv.class, name = "dlv.copy"),
        @JsonSubTypes.Type(value = AgentAction.EndCopy.class, name = "dlv.copy.end") })
public sealed interface AgentAction {
    /** The name on the wire (its {@code type}), for logs and messages. */
    default String name() {
        for (JsonSubTypes.Type t : AgentAction.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == getClass()) {
                return t.name();
            }
        }
        return getClass().getSimpleName();
    }

    // ---- both roles

    /** A dpv answers {@link AgentResult.VolumeGroup}, an ihost {@link AgentResult.Initiator}. */
    record Describe() implements AgentAction {
    }

    /**
     * What the node's kernel holds of DLVM's, by name (a read): a dpv answers
     * {@link AgentResult.DpvHoldings}, an ihost {@link AgentResult.IhostHoldings}.
     */
    record Holdings() implements AgentAction {
    }

    // ---- dpv: a leg is an LV, its layer-1 and layer-2 linears, an LIO backstore and target

    /** The LVs (zeroed where a new leg must read zeros) and their linears. Answer: {@link AgentResult.VolumeGroup}. */
    record CreateLegs(List<NewLeg> legs) implements AgentAction {
        public CreateLegs {
            legs = List.copyOf(legs);
        }
    }

    record NewLeg(String leg, long size, boolean holdsMetadata) {
    }

    /**
     * Backstore, target, portal and one ACL per leg, for that initiator only (an ACL for another
     * initiator is removed: fencing). Answer: {@link AgentResult.VolumeGroup}.
     */
    record ExportLegs(String initiatorIqn, List<LegExport> legs) implements AgentAction {
        public ExportLegs {
            legs = List.copyOf(legs);
        }
    }

    /** CHAP credentials are null when CHAP is off. They are secrets: never log this record. */
    record LegExport(String leg, String chapUser, String chapPassword) {
        @Override
        public String toString() {
            return "LegExport[" + leg + (chapUser == null ? "" : ", chap") + "]";
        }
    }

    /** Targets and backstores removed; the initiator's sessions end with them. Answer: {@link AgentResult.VolumeGroup}. */
    record UnexportLegs(List<String> legs) implements AgentAction {
        public UnexportLegs {
            legs = List.copyOf(legs);
        }
    }

    /** Unexport, both linears and the LV removed; an absent leg is success. Answer: {@link AgentResult.VolumeGroup}. */
    record DeleteLegs(List<String> legs) implements AgentAction {
        public DeleteLegs {
            legs = List.copyOf(legs);
        }
    }

    // ---- ihost: the whole stack of one dlv

    /** Log in to every leg and build mirrors, pools, thins and the final device. Answer: {@link AgentResult.Assembled}. */
    record AssembleDlv(DlvLayout layout) implements AgentAction {
    }

    /** Grow an assembled dlv to the layout, online. Answer: {@link AgentResult.Assembled}. */
    record GrowDlv(DlvLayout layout) implements AgentAction {
    }

    /** Remove the dlv's devices top down and log out of its legs; absent parts are success. Answer: {@link AgentResult.Done}. */
    record DisassembleDlv(DlvLayout layout) implements AgentAction {
    }

    /**
     * A stack no layout describes any more (its dlv was moved to another ihost by force, or
     * deleted while this ihost was out of reach): every device of {@code dlvPart} top down, then
     * the sessions of {@code legs}. Answer: {@link AgentResult.Done}.
     */
    record TearDownDlv(String dlvPart, List<String> legs) implements AgentAction {
        public TearDownDlv {
            legs = List.copyOf(legs);
        }
    }

    /** Suspend final, create_snap in every pool, resume. Answer: {@link AgentResult.Transaction}. */
    record CreateSnapshot(DlvLayout layout, long thinId, long originId) implements AgentAction {
    }

    /** Delete that thin device in every pool. Answer: {@link AgentResult.Transaction}. */
    record DeleteSnapshot(DlvLayout layout, long thinId) implements AgentAction {
    }

    /**
     * A clone's copy from snapshot {@code thinId} of {@code source} onto {@code target}, both
     * assembled on this ihost: started in the background when none runs for {@code target}, else
     * only looked at. Asked again until it ends. Answer: {@link AgentResult.CopyState}.
     */
    record CopyDlv(DlvLayout source, long thinId, DlvLayout target) implements AgentAction {
    }

    /** The copy onto dlv {@code target} is stopped if it runs, and forgotten. Answer: {@link AgentResult.CopyState}. */
    record EndCopy(String target) implements AgentAction {
    }

    /** How full the dlv's pools are. Answer: {@link AgentResult.Pools}. */
    record PoolUsage(DlvLayout layout) implements AgentAction {
    }
}
