package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.dlvm.protocol.Queues;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GenerationFenceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path file() {
        return tmp.getRoot().toPath().resolve("dlvm/dpv-generations.properties");
    }

    @Test
    public void equalAndNewerGenerationsAreAdmittedOlderRefused() throws IOException {
        GenerationFence fence = new GenerationFence(file());
        assertNull(fence.admit("dpv/d1", 4));
        assertNull(fence.admit("dpv/d1", 4));
        assertNull(fence.admit("dpv/d1", 9));
        assertEquals("stale generation 8 for dpv/d1: newest seen is 9", fence.admit("dpv/d1", 8));
        assertEquals(OptionalLong.of(9), fence.newest("dpv/d1"));
    }

    @Test
    public void objectsAreFencedIndependently() throws IOException {
        GenerationFence fence = new GenerationFence(file());
        assertNull(fence.admit("leg/a", 10));
        assertNull(fence.admit("leg/b", 1));
        assertEquals(OptionalLong.empty(), fence.newest("leg/c"));
    }

    @Test
    public void aRestartRemembersTheNewestGenerations() throws IOException {
        GenerationFence before = new GenerationFence(file());
        before.admit("dpv/d1", 7);
        before.admit("leg/x:y=z", 3);
        GenerationFence after = new GenerationFence(file());
        assertEquals("stale generation 6 for dpv/d1: newest seen is 7", after.admit("dpv/d1", 6));
        assertEquals("keys with ':' and '=' survive the file", OptionalLong.of(3), after.newest("leg/x:y=z"));
        assertNull(after.admit("dpv/d1", 7));
    }

    @Test
    public void theFileIsReplacedWholeWithoutLeftovers() throws IOException {
        GenerationFence fence = new GenerationFence(file());
        fence.admit("dpv/d1", 1);
        fence.admit("dpv/d1", 2);
        assertTrue(Files.exists(file()));
        assertFalse(Files.exists(file().resolveSibling("dpv-generations.properties.tmp")));
        assertTrue(Files.readString(file()).contains("dpv/d1=2"));
    }

    @Test
    public void aCorruptFileStopsTheAgentRatherThanDroppingTheFence() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "dpv/d1=seven\n");
        try {
            new GenerationFence(file());
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'dpv/d1=seven' is not a number"));
        }
    }

    @Test
    public void anUnsavableGenerationIsNotAdmitted() throws IOException {
        Path blocker = tmp.newFile("not-a-dir").toPath();
        GenerationFence fence = new GenerationFence(blocker.resolve("gen.properties"));
        try {
            fence.admit("dpv/d1", 5);
            fail();
        } catch (java.io.UncheckedIOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot save generation file"));
        }
        assertEquals(OptionalLong.empty(), fence.newest("dpv/d1"));
    }

    @Test
    public void theDefaultFileLivesInKarafsDataDirectory() {
        assertEquals(Path.of("/opt/dlvm/data/dlvm/ihost-generations.properties"),
                GenerationFence.defaultFile("/opt/dlvm/data", Queues.Role.ihost));
        assertEquals(Path.of("data/dlvm/dpv-generations.properties"), GenerationFence.defaultFile(null, Queues.Role.dpv));
    }
}
