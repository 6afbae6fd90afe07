package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dlvm.node.NodeException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProcessCommandRunnerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ProcessCommandRunner runner = new ProcessCommandRunner(
            List.of(Path.of("/usr/bin"), Path.of("/bin")), Duration.ofSeconds(10));

    @Test
    public void exitCodeAndBothStreamsAreReturned() throws NodeException {
        CommandResult r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertEquals(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), r.command());
    }

    @Test
    public void commandsRunInTheCLocale() throws NodeException {
        assertEquals("C\n", runner.run(List.of("sh", "-c", "echo $LC_ALL")).stdout());
    }

    @Test
    public void aLargeStderrDoesNotBlockTheChild() throws NodeException {
        CommandResult r = runner.run(List.of("sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo line-$i >&2; i=$((i+1)); done; echo done"));
        assertEquals("done\n", r.stdout());
        assertTrue(r.stderr().length() > 100_000);
    }

    @Test
    public void aMissingCommandNamesItsPackage() {
        ProcessCommandRunner empty = new ProcessCommandRunner(List.of(tmp.getRoot().toPath()), Duration.ofSeconds(5));
        try {
            empty.run(List.of("lvm", "vgs"));
            fail();
        } catch (NodeException e) {
            assertEquals("command 'lvm' not found: install lvm2 (LVM2 tools)", e.getMessage());
        }
    }

    @Test
    public void aHangingCommandIsKilledAfterTheTimeout() {
        ProcessCommandRunner impatient = new ProcessCommandRunner(List.of(Path.of("/usr/bin"), Path.of("/bin")),
                Duration.ofMillis(300));
        long start = System.nanoTime();
        try {
            impatient.run(List.of("sleep", "30"));
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("sleep 30 did not finish within"));
        }
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }
}
