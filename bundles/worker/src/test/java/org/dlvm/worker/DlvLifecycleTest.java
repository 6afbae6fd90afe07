package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvGroup;
import org.dlvm.api.DlvLeg;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.api.Snapshot;
import org.junit.Before;
import org.junit.Test;

/**
 * The dlv lifecycle through registries, worker and the agents' real request handlers on
 * simulated nodes, on a real (in-memory Derby) database: what each request stores, what each
 * node holds afterwards, and that every failure leaves a visible error that a retry or a
 * delete clears without leaving anything behind.
 */
public class DlvLifecycleTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final long VG = 10 * GIB;

    private final SimulatedController c = new SimulatedController();

    @Before
    public void nodes() {
        c.fleet("g", VG, List.of("dpv1", "dpv2", "dpv3"), List.of("ih1", "ih2"));
    }

    private Dlv create(String name, long size, int stripes) {
        c.succeed(c.dlvs.create(new DlvSpec(name, size, "g", stripes, 2, null)));
        return c.dlvs.get(name);
    }

    private long legsOn(String dpv) {
        return c.agents.drivers.get(dpv).legs().size();
    }

    /** Racks: dpv1 and dpv2 share one, dpv3 is alone in the other; each mirror must have a leg in each. */
    @Test
    public void mirrorsSpreadOverFailureDomainsAndARequiredPolicyRefusesWhatCannot() {
        c.dpvs.setFailureDomain("dpv1", "rack1");
        c.dpvs.setFailureDomain("dpv2", "rack1");
        assertEquals("rack2", c.dpvs.setFailureDomain("dpv3", "rack2").failureDomain());
        Dlv dlv = create("v1", GIB, 2);
        for (DlvGroup group : dlv.groups()) {
            assertEquals(group.toString(), Set.of("rack1", "rack2"), group.legs().stream().map(DlvLeg::failureDomain)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        assertEquals(org.dlvm.api.DomainPolicy.preferred, c.dvgs.get("g").domainPolicy());
        c.dvgs.setDomainPolicy("g", org.dlvm.api.DomainPolicy.required);
        try {
            c.dlvs.create(new DlvSpec("v3", GIB, "g", 1, 3, null));
            fail("three replicas need three domains");
        } catch (DlvmException e) {
            assertEquals("no_failure_domain", e.code());
        }
        assertEquals("nothing stored", 1, c.dlvs.list().size());
        // dpv2 out of rack1 is a domain of its own: three domains now
        c.dpvs.setFailureDomain("dpv2", null);
        assertNull(c.dpvs.get("dpv2").failureDomain());
        c.succeed(c.dlvs.create(new DlvSpec("v3", GIB, "g", 1, 3, null)));
    }

    /** Availability follows the node's own reports; a leg's answer only brings its volume group's sizes. */
    @Test
    public void aLegAnswerDoesNotMakeADpvWithAProblemAvailable() {
        create("v1", GIB, 1);
        String dpv = c.dlvs.get("v1").groups().get(0).legs().get(0).dpv();
        new AgentEvents(c.store, c.queue, c.clock).accept(new org.dlvm.protocol.AgentEvent(
                org.dlvm.protocol.AgentEvent.Type.heartbeat, dpv, "dpv", "0.1.0", VG, VG, null, "multipathd is in the way"));
        assertEquals(org.dlvm.api.NodeStatus.unavailable, c.dpvs.get(dpv).status());

        c.succeed(c.dlvs.delete("v1"));
        org.dlvm.api.Dpv after = c.dpvs.get(dpv);
        assertEquals("its legs were deleted, and it says so", VG, after.freeSize());
        assertEquals(org.dlvm.api.NodeStatus.unavailable, after.status());
        assertEquals("multipathd is in the way", after.reason());
    }

    @Test
    public void aStripedDlvLivesAndDiesWithoutLeavingAnythingOnAnyNode() {
        Accepted<Dlv> accepted = c.dlvs.create(new DlvSpec("v1", GIB, "g", 2, 2, null), new org.dlvm.api.Requester("alice"));
        assertEquals(DlvStatus.creating, accepted.object().status());
        assertEquals("dlv/v1", accepted.operation().target());
        assertEquals("alice", accepted.operation().requestedBy());
        assertEquals("the operation row keeps who asked", "alice", c.operations.get(accepted.operation().id()).requestedBy());
        assertEquals(4, accepted.object().groups().size());
        c.succeed(accepted);

        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.available, dlv.status());
        assertEquals(GIB, dlv.size());
        assertEquals(GIB, dlv.dataSize());
        for (DlvGroup group : dlv.groups()) {
            Set<String> hosts = new HashSet<>();
            group.legs().forEach(l -> hosts.add(l.dpv()));
            assertEquals("a mirror's legs sit on distinct dpvs: " + group, 2, hosts.size());
            group.legs().forEach(l -> assertEquals("created", l.status()));
        }
        // per stripe member: 512 MiB of data (+4 MiB raid metadata part) and the thin metadata mirror
        long legBytes = dlv.groups().stream().flatMap(g -> g.legs().stream()).mapToLong(DlvLeg::size).sum();
        assertEquals(2 * 2 * (512 * MIB + 4 * MIB) + 2 * 2 * (4 * MIB + 4 * MIB), legBytes);
        long free = c.dpvs.list().stream().mapToLong(d -> d.freeSize()).sum();
        assertEquals("the dpvs report the space the legs took", 3 * VG - legBytes, free);
        assertEquals(8, c.dpvs.list().stream().mapToInt(d -> d.legCount()).sum());
        assertEquals(1, c.dvgs.get("g").dlvCount());

        c.succeed(c.dlvs.attach("v1", "ih1"));
        dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.attached, dlv.status());
        assertEquals("ih1", dlv.ihost());
        assertEquals("/dev/mapper/dlvm-v1", dlv.devicePath());
        assertEquals(List.of("v1"), c.ihosts.get("ih1").attachedDlvs());
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            c.agents.drivers.get(dpv).exports().values()
                    .forEach(iqn -> assertEquals("legs are exported to the attached ihost only", "iqn.2026-11.org.dlvm.sim:ih1", iqn));
        }
        assertEquals(8, c.agents.drivers.values().stream().mapToInt(d -> d.exports().size()).sum());

        Accepted<Snapshot> snap = c.dlvs.createSnapshot("v1", "s1");
        assertEquals("creating", snap.object().status());
        c.succeed(snap);
        assertEquals("available", c.dlvs.snapshot("v1", "s1").status());
        assertEquals(List.of("s1"), c.dlvs.get("v1").snapshots());

        c.succeed(c.dlvs.detach("v1"));
        dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.available, dlv.status());
        assertNull(dlv.ihost());
        assertNull(dlv.devicePath());
        assertEquals(0, c.agents.drivers.values().stream().mapToInt(d -> d.exports().size()).sum());
        assertTrue(c.agents.drivers.get("ih1").assembledDlvs().isEmpty());

        // the snapshot lives in the pools' metadata on the legs: a new attachment finds it
        c.succeed(c.dlvs.attach("v1", "ih2"));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        c.succeed(c.dlvs.deleteSnapshot("v1", "s1"));
        assertTrue(c.dlvs.snapshots("v1").isEmpty());
        c.succeed(c.dlvs.detach("v1"));

        Accepted<Dlv> deleting = c.dlvs.delete("v1");
        assertEquals(DlvStatus.deleting, deleting.object().status());
        c.succeed(deleting);
        assertGone("v1");
        for (String dpv : List.of("dpv1", "dpv2", "dpv3")) {
            assertEquals(0, legsOn(dpv));
            assertEquals(VG, c.dpvs.get(dpv).freeSize());
            assertEquals(0, c.dpvs.get(dpv).legCount());
        }
        assertEquals(0, c.dvgs.get("g").dlvCount());
    }

    private void assertGone(String name) {
        try {
            c.dlvs.get(name);
            fail(name + " still exists");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.NOT_FOUND, e.kind());
        }
    }

    @Test
    public void aDlvThatDoesNotFitIsRefusedAndNothingIsStored() {
        try {
            c.dlvs.create(new DlvSpec("big", 20 * GIB, "g", 1, 2, null));
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
            assertEquals("no_space", e.code());
        }
        assertGone("big");
        assertTrue(c.queue.submitted.stream().noneMatch(id -> c.operations.list(100).stream()
                .anyMatch(o -> o.id().equals(id) && o.target().startsWith("dlv/"))));
        assertEquals(0, c.dpvs.list().stream().mapToInt(d -> d.legCount()).sum());
    }

    @Test
    public void badShapesAreRefusedAsBadInput() {
        for (DlvSpec spec : List.of(new DlvSpec("x", 0, "g", 1, 2, null), new DlvSpec("x", GIB, "g", 0, 2, null),
                new DlvSpec("x", GIB, "g", 1, 0, null), new DlvSpec("x", GIB, "g", 1, 4, null),
                new DlvSpec("x", GIB, "g", 1, 2, 2 * GIB),
                new DlvSpec("bad/name", GIB, "g", 1, 2, null))) {
            try {
                c.dlvs.create(spec);
                fail(spec.toString());
            } catch (DlvmException e) {
                assertEquals(spec + ": " + e.getMessage(), DlvmException.Kind.INVALID, e.kind());
            }
        }
        try {
            c.dlvs.create(new DlvSpec("x", GIB, "nodvg", 1, 2, null));
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.NOT_FOUND, e.kind());
        }
        assertTrue(c.dlvs.list().isEmpty());
    }

    @Test
    public void aFailedCreateShowsWhyAndTheSameRequestRetriesIt() {
        c.agents.failing = "dpv2 legs.create";
        Operation failed = c.run(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)).operation());
        assertEquals(OperationStatus.failed, failed.status());
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.error, dlv.status());
        assertTrue(dlv.reason(), dlv.reason().contains("dpv2") && dlv.reason().contains("simulated failure"));

        try {
            c.dlvs.create(new DlvSpec("v1", 2 * GIB, "g", 1, 2, null));
            fail("another request under the same name");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 1, 2, null)));
        assertEquals(DlvStatus.available, c.dlvs.get("v1").status());
        assertEquals(4, c.agents.drivers.values().stream().mapToInt(d -> d.legs().size()).sum());
    }

    @Test
    public void aSecondIhostIsRefusedWhileTheDlvIsAttached() {
        create("v1", GIB, 1);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        for (String ihost : List.of("ih2", "ih1")) {
            try {
                c.dlvs.attach("v1", ihost);
                fail(ihost);
            } catch (DlvmException e) {
                assertEquals(DlvmException.Kind.CONFLICT, e.kind());
            }
        }
        try {
            c.dlvs.delete("v1");
            fail("delete while attached");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
        try {
            c.ihosts.delete("ih1");
            fail("ihost delete while it holds a dlv");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
    }

    @Test
    public void aNewDlvWhoseDpvIsDownFailsToAttachAndDeleteCleansUp() {
        create("v1", GIB, 1);
        String dpvOfFirstLeg = c.dlvs.get("v1").groups().get(0).legs().get(0).dpv();
        c.agents.down.add(dpvOfFirstLeg);
        Operation attach = c.run(c.dlvs.attach("v1", "ih1").operation());
        assertEquals(OperationStatus.failed, attach.status());
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.error, dlv.status());
        assertTrue(dlv.reason(), dlv.reason().contains("cannot be assembled without legs"));
        assertTrue(c.agents.drivers.get("ih1").assembledDlvs().isEmpty());

        c.agents.down.clear();
        c.succeed(c.dlvs.delete("v1"));
        assertGone("v1");
        assertEquals(0, c.agents.drivers.values().stream().mapToInt(d -> d.legs().size() + d.exports().size()).sum());
    }

    @Test
    public void aDlvAttachedBeforeComesUpDegradedWithoutOneDpv() {
        create("v1", GIB, 1);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.succeed(c.dlvs.detach("v1"));
        String dpv = c.dlvs.get("v1").groups().get(0).legs().get(0).dpv();
        c.agents.down.add(dpv);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.degraded, dlv.status());
        assertTrue(dlv.reason(), dlv.reason().startsWith("legs the ihost cannot reach"));
        assertEquals("/dev/mapper/dlvm-v1", dlv.devicePath());
    }

    @Test
    public void extendWhileAttachedAddsDataLegsAndGrowsTheDlv() {
        create("v1", GIB, 2);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        try {
            c.dlvs.extend("v1", GIB);
            fail("not larger");
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.INVALID, e.kind());
        }
        Accepted<Dlv> extending = c.dlvs.extend("v1", 3 * GIB);
        assertEquals(DlvStatus.extending, extending.object().status());
        c.succeed(extending);
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.attached, dlv.status());
        assertEquals(3 * GIB, dlv.size());
        assertEquals(3 * GIB, dlv.dataSize());
        assertEquals("two data mirrors per stripe member now", 6, dlv.groups().size());
        dlv.groups().forEach(g -> g.legs().forEach(l -> assertEquals("exported", l.status())));
        assertTrue(c.agents.calls.contains("ih1 dlv.grow"));
    }

    @Test
    public void aThinDlvsDataGrowsWhenItsPoolsRunLowAndNeverPastItsSize() {
        c.succeed(c.dlvs.create(new DlvSpec("thin", 2 * GIB, "g", 2, 2, 256 * MIB)));
        c.succeed(c.dlvs.attach("thin", "ih1"));
        PoolWatch watch = new PoolWatch(c.store, c.agents, c.queue, Fixtures.config(), c.clock);
        int before = c.queue.submitted.size();
        c.agents.drivers.get("ih1").fill("thin", 0.5);
        watch.run();
        assertEquals("half free is above the threshold", before, c.queue.submitted.size());

        c.agents.drivers.get("ih1").fill("thin", 0.7);
        watch.run();
        assertEquals(DlvStatus.extending, c.dlvs.get("thin").status());
        String op = c.queue.submitted.get(c.queue.submitted.size() - 1);
        watch.run();
        assertEquals("one grow at a time", op, c.queue.submitted.get(c.queue.submitted.size() - 1));
        c.worker.run(op);
        Dlv dlv = c.dlvs.get("thin");
        assertEquals(DlvStatus.attached, dlv.status());
        assertEquals(2 * GIB, dlv.size());
        assertEquals("doubled", 512 * MIB, dlv.dataSize());

        for (int i = 0; i < 5; i++) {
            watch.run();
            String next = c.queue.submitted.get(c.queue.submitted.size() - 1);
            if (!next.equals(op)) {
                c.worker.run(next);
                op = next;
            }
        }
        assertEquals("the data stops at the virtual size", 2 * GIB, c.dlvs.get("thin").dataSize());
        assertEquals(DlvStatus.attached, c.dlvs.get("thin").status());
    }

    @Test
    public void aRevertOfADetachedDlvIsCarriedOutByItsNextAttachAndTheSnapshotStays() {
        org.dlvm.api.Requester bob = new org.dlvm.api.Requester("bob");
        create("v1", GIB, 1);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.succeed(c.dlvs.createSnapshot("v1", "s1"));
        try {
            c.dlvs.revert("v1", "s1", bob);
            fail();
        } catch (DlvmException e) {
            assertEquals("attached", e.code());
        }
        c.succeed(c.dlvs.detach("v1"));
        try {
            c.dlvs.revert("v1", "nope", bob);
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.NOT_FOUND, e.kind());
        }
        assertNull(c.dlvs.get("v1").revertPending());

        Dlv reverted = c.dlvs.revert("v1", "s1", bob);

        assertEquals("s1", reverted.revertPending());
        assertEquals(DlvStatus.available, reverted.status());
        assertEquals("s1", c.dlvs.get("v1").revertPending());
        assertEquals(List.of(), c.agents.drivers.get("ih1").reverts());
        // the same ihost: a simulated node keeps the pools' metadata it has seen, not the legs
        c.succeed(c.dlvs.attach("v1", "ih1"));
        assertEquals(List.of("v1 to thin 2"), c.agents.drivers.get("ih1").reverts());
        Dlv attached = c.dlvs.get("v1");
        assertEquals(DlvStatus.attached, attached.status());
        assertNull(attached.revertPending());
        assertEquals(List.of("s1"), attached.snapshots());
        // the controller recorded the revert's transaction: the pools accept the next snapshot
        c.succeed(c.dlvs.createSnapshot("v1", "s2"));
        c.succeed(c.dlvs.detach("v1"));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        assertEquals("one revert, not one per attach", 1, c.agents.drivers.get("ih1").reverts().size());
    }

    @Test
    public void snapshotsNeedTheDlvServed() {
        create("v1", GIB, 1);
        try {
            c.dlvs.createSnapshot("v1", "s1");
            fail();
        } catch (DlvmException e) {
            assertEquals(DlvmException.Kind.CONFLICT, e.kind());
        }
        assertTrue(c.dlvs.snapshots("v1").isEmpty());
    }

    @Test
    public void aFailedDetachKeepsTheIhostAndDeleteFinishesTheJob() {
        create("v1", GIB, 1);
        c.succeed(c.dlvs.attach("v1", "ih1"));
        c.agents.down.add("ih1");
        Operation detach = c.run(c.dlvs.detach("v1").operation());
        assertEquals(OperationStatus.failed, detach.status());
        Dlv dlv = c.dlvs.get("v1");
        assertEquals(DlvStatus.error, dlv.status());
        assertEquals("ih1", dlv.ihost());
        assertTrue(dlv.reason(), dlv.reason().contains("ih1"));
        c.agents.down.clear();
        c.succeed(c.dlvs.delete("v1"));
        assertGone("v1");
        assertTrue(c.agents.drivers.get("ih1").assembledDlvs().isEmpty());
        assertEquals(0, c.agents.drivers.values().stream().mapToInt(d -> d.legs().size() + d.exports().size()).sum());
    }

    @Test
    public void legNamesAndSecretsDifferPerLeg() {
        Dlv dlv = create("v1", GIB, 2);
        Set<String> names = new HashSet<>();
        dlv.groups().forEach(g -> g.legs().forEach(l -> names.add(l.name())));
        assertEquals(8, names.size());
        names.forEach(n -> assertTrue(n, n.matches("^[a-z0-9][a-z0-9-]{0,62}$")));
        assertNotEquals(dlv.groups().get(0).legs().get(0).name(), dlv.groups().get(0).legs().get(1).name());
    }
}
