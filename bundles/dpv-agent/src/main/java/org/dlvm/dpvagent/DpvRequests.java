package org.dlvm.dpvagent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.dlvm.agent.AgentFacts;
import org.dlvm.agent.FactsSource;
import org.dlvm.agent.RequestHandler;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentResult;

/**
 * What a dpv answers and reports, from its node driver and volume group. A heartbeat reports the
 * volume group as the last reading saw it when that reading is younger than {@link #FACTS_MAX_AGE_SECONDS}:
 * every action that changes an LV reads it again, so the sizes follow DLVM's own changes at once
 * and anybody else's within that age. Reading it at every beat ran {@code lvm vgs} (a device scan
 * under the VG's lock, beside the agent's own lvcreate) every few seconds on every dpv.
 */
public final class DpvRequests implements RequestHandler, FactsSource {
    static final long FACTS_MAX_AGE_SECONDS = 60;

    private final NodeDriver driver;
    private final String vg;
    private final LongSupplier nanoClock;
    private final AtomicReference<Reading> lastReading = new AtomicReference<>();

    /** A reading of the volume group, and when it started: of two readings the later started is the truer. */
    private record Reading(VolumeGroupInfo group, long startedNanos) {
    }

    public DpvRequests(NodeDriver driver, String vg) {
        this(driver, vg, System::nanoTime);
    }

    DpvRequests(NodeDriver driver, String vg, LongSupplier nanoClock) {
        this.driver = driver;
        this.vg = vg;
        this.nanoClock = nanoClock;
    }

    /**
     * A driver failure is thrown on, and the runtime answers it as a failure with its message.
     * Every leg action answers the volume group's sizes, so the controller's view follows each
     * change. The legs of one action are done in order; one that fails stops the rest, and the
     * action repeated finds the done ones done.
     */
    @Override
    public AgentResult handle(AgentAction action) throws NodeException {
        if (action instanceof AgentAction.Describe) {
            return sizes();
        } else if (action instanceof AgentAction.Holdings) {
            org.dlvm.node.NodeHoldings.Dpv held = driver.dpvHoldings(vg);
            return new AgentResult.DpvHoldings(held.legVolumes(), held.exports());
        } else if (action instanceof AgentAction.CreateLegs create) {
            // every leg is checked before any is made: a bad request changes nothing
            create.legs().forEach(l -> requirePositive(l.size(), requireName(l.leg())));
            for (AgentAction.NewLeg leg : create.legs()) {
                driver.createLeg(vg, leg.leg(), leg.size(), leg.holdsMetadata());
            }
            return sizes();
        } else if (action instanceof AgentAction.ExportLegs export) {
            requireName(export.initiatorIqn());
            export.legs().forEach(l -> requireName(l.leg()));
            for (AgentAction.LegExport leg : export.legs()) {
                driver.exportLeg(leg.leg(), export.initiatorIqn(), leg.chapUser(), leg.chapPassword());
            }
            return sizes();
        } else if (action instanceof AgentAction.UnexportLegs unexport) {
            unexport.legs().forEach(DpvRequests::requireName);
            for (String leg : unexport.legs()) {
                driver.unexportLeg(leg);
            }
            return sizes();
        } else if (action instanceof AgentAction.DeleteLegs delete) {
            delete.legs().forEach(DpvRequests::requireName);
            for (String leg : delete.legs()) {
                driver.deleteLeg(vg, leg);
            }
            return sizes();
        }
        throw new IllegalArgumentException("a dpv agent does not do '" + action.name() + "'");
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the request names a leg or initiator with an empty name");
        }
        return name;
    }

    private static long requirePositive(long size, String leg) {
        if (size <= 0) {
            throw new IllegalArgumentException("leg " + leg + " needs a positive size, got " + size);
        }
        return size;
    }

    private AgentResult sizes() throws NodeException {
        VolumeGroupInfo group = readGroup();
        return new AgentResult.VolumeGroup(group.name(), group.sizeBytes(), group.freeBytes());
    }

    private VolumeGroupInfo readGroup() throws NodeException {
        long started = nanoClock.getAsLong();
        VolumeGroupInfo group;
        try {
            group = driver.volumeGroup(vg);
        } catch (NodeException | RuntimeException e) {
            lastReading.set(null);
            throw e;
        }
        Reading reading = new Reading(group, started);
        // concurrent lanes: a reading that started before the one kept must not replace it
        lastReading.accumulateAndGet(reading, (kept, fresh) ->
                kept == null || fresh.startedNanos() - kept.startedNanos() >= 0 ? fresh : kept);
        return group;
    }

    /**
     * A dpv whose volume group cannot be read stays up and says why, so that an operator sees it. A
     * failed reading drops the one kept: every beat then reads again until the group is back.
     */
    @Override
    public AgentFacts facts() {
        try {
            Reading last = lastReading.get();
            VolumeGroupInfo group = last != null
                    && nanoClock.getAsLong() - last.startedNanos() < TimeUnit.SECONDS.toNanos(FACTS_MAX_AGE_SECONDS)
                    ? last.group() : readGroup();
            return new AgentFacts(group.sizeBytes(), group.freeBytes(), null, null);
        } catch (NodeException e) {
            return AgentFacts.problem(AgentFacts.problemText(e.getMessage(), driver.problems()));
        }
    }
}
