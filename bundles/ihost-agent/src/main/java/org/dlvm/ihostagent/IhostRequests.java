package org.dlvm.ihostagent;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestHandler;
import org.dlvm.api.DlvLayout;
import org.dlvm.api.DlvState;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;

/**
 * What an ihost answers and reports, from its node driver. It remembers the layout of each dlv
 * it assembled, so that every heartbeat can carry what the kernel says of their mirrors; the
 * memory is only for reporting and goes with the agent (the controller sends the layouts again
 * with every request).
 */
public final class IhostRequests implements RequestHandler, FactsSource, AutoCloseable {
    /** How long a heartbeat waits for this round's probe before it sends the previous one's result. */
    static final long PROBE_WAIT_MILLIS = 1000;
    private final NodeDriver driver;
    private final MirrorReports<Probe> reports;
    /** dlv → the layout it was last assembled or grown to here, with the stamp of that change. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Counts the changes to {@link #held}: a probe knows which changes it began after. */
    private final AtomicLong changes = new AtomicLong();
    private final CopyJobs copies;

    private record Held(DlvLayout layout, long stamp) {
    }

    /** A probe's states, and the count of changes to what is held when it began. */
    private record Probe(long began, List<DlvState> states) {
    }

    public IhostRequests(NodeDriver driver) {
        this(driver, PROBE_WAIT_MILLIS);
    }

    IhostRequests(NodeDriver driver, long probeWaitMillis) {
        this.driver = driver;
        this.reports = new MirrorReports<>(probeWaitMillis);
        this.copies = new CopyJobs((copy, progress) -> driver.copySnapshot(require(copy.source()), copy.thinId(),
                require(copy.target()), progress));
    }

    @Override
    public void close() {
        copies.close();
        reports.close();
    }

    /** A driver failure is thrown on, and the runtime answers it as a failure with its message. */
    @Override
    public AgentResult handle(AgentAction action) throws NodeException {
        if (action instanceof AgentAction.Describe) {
            return new AgentResult.Initiator(driver.initiatorIqn());
        } else if (action instanceof AgentAction.AssembleDlv assemble) {
            return held(require(assemble.layout()), driver.assembleDlv(assemble.layout()));
        } else if (action instanceof AgentAction.GrowDlv grow) {
            return held(require(grow.layout()), driver.growDlv(grow.layout()));
        } else if (action instanceof AgentAction.DisassembleDlv disassemble) {
            driver.disassembleDlv(require(disassemble.layout()));
            held.remove(disassemble.layout().dlv());
            return new AgentResult.Done();
        } else if (action instanceof AgentAction.Holdings) {
            org.dlvm.node.NodeHoldings.Ihost have = driver.ihostHoldings();
            return new AgentResult.IhostHoldings(have.dlvParts(), have.sessionLegs());
        } else if (action instanceof AgentAction.TearDownDlv tearDown) {
            driver.tearDown(tearDown.dlvPart(), tearDown.legs());
            held.keySet().removeIf(dlv -> org.dlvm.api.KernelPart.of(dlv).equals(tearDown.dlvPart()));
            return new AgentResult.Done();
        } else if (action instanceof AgentAction.CreateSnapshot snap) {
            return new AgentResult.Transaction(driver.createSnapshot(require(snap.layout()), snap.thinId(), snap.originId()));
        } else if (action instanceof AgentAction.DeleteSnapshot snap) {
            return new AgentResult.Transaction(driver.deleteSnapshot(require(snap.layout()), snap.thinId()));
        } else if (action instanceof AgentAction.CopyDlv copy) {
            return copies.look(copy);
        } else if (action instanceof AgentAction.EndCopy end) {
            try {
                return copies.end(end.target());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the copy onto " + end.target() + " stopped", e);
            }
        } else if (action instanceof AgentAction.PoolUsage usage) {
            return new AgentResult.Pools(driver.poolUsage(require(usage.layout())).stream()
                    .map(p -> new AgentResult.Pool(p.member(), p.usedDataBlocks(), p.totalDataBlocks())).toList());
        }
        throw new IllegalArgumentException("an ihost agent does not do '" + action.name() + "'");
    }

    private static DlvLayout require(DlvLayout layout) {
        if (layout == null) {
            throw new IllegalArgumentException("the request carries no layout");
        }
        return layout;
    }

    private AgentResult held(DlvLayout layout, AssembledDlv dlv) {
        held.put(layout.dlv(), new Held(layout, changes.incrementAndGet()));
        return new AgentResult.Assembled(dlv.devicePath(), dlv.transactionId(), dlv.missingLegs());
    }

    /** An ihost without an initiator name stays up and says why, so that an operator sees it. */
    @Override
    public AgentFacts facts() {
        try {
            return new AgentFacts(null, null, driver.initiatorIqn(), null, dlvStates());
        } catch (NodeException e) {
            return AgentFacts.problem(AgentFacts.problemText(e.getMessage(), driver.problems()));
        }
    }

    /**
     * Null when none is held; a probe that fails is each dlv's problem, not the node's. The probe
     * runs apart from the heartbeat (MirrorReports), so the result a heartbeat gets may be older
     * than the last assembly: only dlvs still held, and held since before the probe began, are
     * reported. A probe taken while a detach tore the devices down, handed to the first heartbeat
     * after the next attach, said "none of its mirrors is assembled here" of a dlv just assembled
     * (the solo lab, 2026-12-06: the dlv turned degraded and an extend was refused).
     */
    private List<DlvState> dlvStates() {
        if (held.isEmpty()) {
            return null;
        }
        Probe probe = reports.latest(() -> {
            long began = changes.get();
            List<DlvLayout> layouts = held.values().stream().map(Held::layout)
                    .sorted(Comparator.comparing(DlvLayout::dlv)).toList();
            try {
                return new Probe(began, driver.dlvStates(layouts));
            } catch (NodeException | RuntimeException e) {
                String why = "cannot read its mirrors: " + e.getMessage();
                return new Probe(began, layouts.stream().map(l -> new DlvState(l.dlv(), why, null)).toList());
            }
        });
        if (probe == null) {
            return null;
        }
        return probe.states().stream().filter(s -> {
            Held h = held.get(s.dlv());
            return h != null && h.stamp() <= probe.began();
        }).toList();
    }
}
