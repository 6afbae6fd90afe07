package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dlvm.api.Accepted;
import org.dlvm.api.CloneSource;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvStatus;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationStatus;
import org.dlvm.node.sim.SimulatedNodeDriver;
import org.junit.Test;

/** Online clone through the worker, with the agents' real handlers (the ihost's copy jobs) on simulated nodes. */
public class DlvCloneTest {
    private static final long GIB = 1L << 30;
    private static final long VG = 100 * GIB;
    private final SimulatedController c = new SimulatedController().fleet("g", VG, List.of("dpv1", "dpv2", "dpv3"),
            List.of("ih1", "ih2"));

    private void attachedSource() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 2, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
    }

    private SimulatedNodeDriver ih1() {
        return c.agents.drivers.get("ih1");
    }

    private Operation op(String id) {
        return c.operations.get(id);
    }

    private long legsOf(String dlv) {
        return c.dlvs.get(dlv).groups().stream().mapToLong(g -> g.legs().size()).sum();
    }

    @Test
    public void aCloneOfAnAttachedDlvIsCopiedOnItsIhostFromASnapshotTakenWithTheRequestAndThenStandsAlone() {
        attachedSource();
        int before = c.queue.submitted.size();
        Accepted<Dlv> accepted = c.dlvs.create(new DlvSpec("c1", 2 * GIB, "g", 1, 2, null, new CloneSource("v1", null)));

        assertEquals(DlvStatus.cloning, accepted.object().status());
        assertEquals(List.of("v1", "clone-c1"), List.of(accepted.object().cloneSource(), accepted.object().cloneSnapshot()));
        assertEquals("dlv-clone", accepted.operation().kind());
        assertEquals("the snapshot it copies is taken with the request", "creating", c.dlvs.snapshot("v1", "clone-c1")
                .status());
        List<String> submitted = c.queue.submitted.subList(before, c.queue.submitted.size());
        assertEquals("the source's snapshot, then the clone", 2, submitted.size());
        assertEquals("snapshot-create", op(submitted.get(0)).kind());
        c.worker.run(submitted.get(0));
        assertEquals("available", c.dlvs.snapshot("v1", "clone-c1").status());

        int released = c.queue.submitted.size();
        c.succeed(accepted);

        Dlv clone = c.dlvs.get("c1");
        assertEquals(DlvStatus.available, clone.status());
        assertNull("it comes down from the source's ihost", clone.ihost());
        assertNull("independent of its source once copied", clone.cloneSource());
        assertEquals(2 * GIB, clone.size());
        long thin = 2;
        assertEquals("the ihost that serves the source copied its snapshot", List.of("v1@" + thin + " -> c1"),
                ih1().copies());
        Operation done = op(accepted.operation().id());
        assertNotNull("the operation shows how far it copied", done.percent());
        assertEquals(100, (int) done.percent());
        assertEquals("the simulated source has half its blocks mapped", GIB / 2, (long) done.totalBytes());
        assertEquals("only the source is assembled there again", List.of("v1"), ih1().assembledDlvs());

        String release = c.queue.submitted.get(released);
        assertEquals("the snapshot taken for the clone goes", "snapshot-delete", op(release).kind());
        assertEquals("deleting", c.dlvs.snapshot("v1", "clone-c1").status());
        c.worker.run(release);
        assertTrue(c.dlvs.snapshots("v1").isEmpty());

        // the clone stands alone: its source goes, it stays and serves
        c.succeed(c.dlvs.detach("v1"));
        c.succeed(c.dlvs.delete("v1"));
        assertEquals(DlvStatus.available, c.dlvs.get("c1").status());
        c.succeed(c.dlvs.attach("c1", "ih2"));
        assertEquals(DlvStatus.attached, c.dlvs.get("c1").status());
    }

    @Test
    public void aCloneOfASnapshotCopiesThatSnapshotAndLeavesIt() {
        attachedSource();
        c.succeed(c.dlvs.createSnapshot("v1", "s1"));
        int before = c.queue.submitted.size();
        Accepted<Dlv> accepted = c.dlvs.create(new DlvSpec("c1", GIB, "g", 2, 1, null, new CloneSource("v1", "s1")));
        assertEquals("no snapshot to take: only the clone's operation", 1, c.queue.submitted.size() - before);
        c.succeed(accepted);
        assertEquals(DlvStatus.available, c.dlvs.get("c1").status());
        assertEquals("available", c.dlvs.snapshot("v1", "s1").status());
        assertEquals("the head is thin 1, s1 thin 2", List.of("v1@2 -> c1"), ih1().copies());
    }

    @Test
    public void aCloneThatCannotBeMadeIsRefusedAndChangesNothing() {
        c.dlvs.create(new DlvSpec("v0", 2 * GIB, "g", 1, 2, null));
        DlvmException creating = assertThrows(DlvmException.class, () -> c.dlvs.create(new DlvSpec("c1", 2 * GIB, "g",
                1, 2, null, new CloneSource("v0", null))));
        assertEquals("a source neither served nor available", "not_attached", creating.code());
        c.succeed(c.dlvs.create(new DlvSpec("v1", 2 * GIB, "g", 1, 2, null)));
        c.succeed(c.dlvs.attach("v1", "ih1"));
        DlvmException small = assertThrows(DlvmException.class, () -> c.dlvs.create(new DlvSpec("c1", GIB, "g", 1, 2,
                null, new CloneSource("v1", null))));
        assertEquals(DlvmException.Kind.INVALID, small.kind());
        assertEquals("too_small", small.code());
        assertEquals(DlvmException.Kind.NOT_FOUND, assertThrows(DlvmException.class, () -> c.dlvs.create(new DlvSpec(
                "c1", 2 * GIB, "g", 1, 2, null, new CloneSource("v1", "nosuch")))).kind());
        assertEquals(DlvmException.Kind.NOT_FOUND, assertThrows(DlvmException.class, () -> c.dlvs.create(new DlvSpec(
                "c1", 2 * GIB, "g", 1, 2, null, new CloneSource("nosuch", null)))).kind());
        assertThrows(DlvmException.class, () -> c.dlvs.get("c1"));
        assertTrue(c.dlvs.snapshots("v1").isEmpty());
    }

    private Thread copier;

    /** Clone c1 of snapshot s1 of attached v1, its operation on its own thread, its copy held half way. */
    private Accepted<Dlv> copyingClone() throws InterruptedException {
        attachedSource();
        c.succeed(c.dlvs.createSnapshot("v1", "s1"));
        ih1().holdCopies(true);
        Accepted<Dlv> accepted = c.dlvs.create(new DlvSpec("c1", GIB, "g", 1, 2, null, new CloneSource("v1", "s1")));
        copier = new Thread(() -> c.worker.run(accepted.operation().id()));
        copier.start();
        for (int i = 0; i < 1000 && c.dlvs.get("c1").clonePercent() == null; i++) {
            Thread.sleep(5);
        }
        assertNotNull("the clone shows its progress while it copies", c.dlvs.get("c1").clonePercent());
        return accepted;
    }

    @Test
    public void whileACloneCopiesItsSourceStaysAttachedAndItsDeleteCancelsTheCopyAndLeavesNothing() throws Exception {
        Accepted<Dlv> accepted = copyingClone();
        Dlv copying = c.dlvs.get("c1");
        assertEquals(DlvStatus.cloning, copying.status());
        assertTrue(copying.clonePercent() < 100);
        assertEquals("the copy runs on the source's ihost", "ih1", copying.ihost());

        assertEquals("clone_source", assertThrows(DlvmException.class, () -> c.dlvs.detach("v1")).code());
        assertEquals("clone_source", assertThrows(DlvmException.class, () -> c.dlvs.deleteSnapshot("v1", "s1")).code());

        Accepted<Dlv> deleting = c.dlvs.delete("c1");
        assertEquals(DlvStatus.deleting, deleting.object().status());
        assertEquals("the answer is the clone's own operation, which deletes it", accepted.operation().id(),
                deleting.operation().id());
        copier.join(10_000);
        assertEquals(OperationStatus.succeeded, op(accepted.operation().id()).status());
        assertEquals(DlvmException.Kind.NOT_FOUND, assertThrows(DlvmException.class, () -> c.dlvs.get("c1")).kind());
        assertTrue("cancelled, nothing was copied", ih1().copies().isEmpty());
        assertEquals("no clone device is left on the ihost", List.of("v1"), ih1().assembledDlvs());
        assertEquals("no leg of the clone is left", legsOf("v1"), c.agents.drivers.entrySet().stream()
                .filter(e -> e.getKey().startsWith("dpv")).mapToLong(e -> e.getValue().legs().size()).sum());
        // and the source is free again
        c.succeed(c.dlvs.deleteSnapshot("v1", "s1"));
        c.succeed(c.dlvs.detach("v1"));
    }

    @Test
    public void aCopyLostWithARestartedIhostAgentIsStartedAgainAndTheCloneCompletes() throws Exception {
        Accepted<Dlv> accepted = copyingClone();
        c.agents.restartIhostAgent("ih1");
        ih1().holdCopies(false);
        copier.join(10_000);
        assertEquals(OperationStatus.succeeded, op(accepted.operation().id()).status());
        assertEquals(DlvStatus.available, c.dlvs.get("c1").status());
        assertEquals("the lost copy was started again and ran to its end once", List.of("v1@2 -> c1"), ih1().copies());
        assertTrue("the copy was looked at again after the restart", c.agents.calls.stream()
                .filter(x -> x.equals("ih1 dlv.copy")).count() >= 2);
    }

    @Test
    public void aDetachedSourceIsAttachedToTheCloneIhostForItsClonesAndDetachedAfterTheLast() {
        c.succeed(c.dlvs.create(new DlvSpec("v1", GIB, "g", 2, 2, null)));
        int before = c.queue.submitted.size();
        Accepted<Dlv> first = c.dlvs.create(new DlvSpec("c1", GIB, "g", 1, 2, null, new CloneSource("v1", null)));
        List<String> submitted = List.copyOf(c.queue.submitted.subList(before, c.queue.submitted.size()));
        assertEquals("the source's attach to clone_ihost, then the clone", List.of("dlv-attach", "dlv-clone"),
                submitted.stream().map(id -> op(id).kind()).toList());
        assertEquals(List.of(DlvStatus.attaching, "ih2"), List.of(c.dlvs.get("v1").status(), c.dlvs.get("v1").ihost()));
        assertTrue("no snapshot: nothing writes to a detached dlv", c.dlvs.snapshots("v1").isEmpty());
        c.worker.run(submitted.get(0));
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        Accepted<Dlv> second = c.dlvs.create(new DlvSpec("c2", GIB, "g", 1, 1, null, new CloneSource("v1", null)));
        assertTrue("a source served for clones is copied by its head", c.dlvs.snapshots("v1").isEmpty());

        int released = c.queue.submitted.size();
        c.succeed(first);
        assertEquals("another clone still copies from it", released, c.queue.submitted.size());
        assertEquals(DlvStatus.attached, c.dlvs.get("v1").status());
        c.succeed(second);
        String detach = c.queue.submitted.get(c.queue.submitted.size() - 1);
        assertEquals("dlv-detach", op(detach).kind());
        c.worker.run(detach);
        assertEquals(List.of(DlvStatus.available), List.of(c.dlvs.get("v1").status()));
        assertNull(c.dlvs.get("v1").ihost());
        SimulatedNodeDriver ih2 = c.agents.drivers.get("ih2");
        assertEquals("the head (thin 1) copied on clone_ihost, twice", List.of("v1@1 -> c1", "v1@1 -> c2"), ih2.copies());
        assertTrue(ih2.assembledDlvs().isEmpty());
        assertEquals(List.of(DlvStatus.available, DlvStatus.available), List.of(c.dlvs.get("c1").status(),
                c.dlvs.get("c2").status()));
    }
}
