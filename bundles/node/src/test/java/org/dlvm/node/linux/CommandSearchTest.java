package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CommandSearchTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void sbinDirectoriesAreAddedAfterThePath() {
        List<Path> dirs = CommandSearch.searchDirs("/opt/x/bin:/usr/bin::/opt/x/bin");
        assertEquals(Path.of("/opt/x/bin"), dirs.get(0));
        assertEquals(Path.of("/usr/bin"), dirs.get(1));
        assertTrue(dirs.contains(Path.of("/usr/sbin")));
        assertTrue(dirs.contains(Path.of("/sbin")));
        assertEquals("no duplicates", dirs.size(), dirs.stream().distinct().count());
    }

    @Test
    public void aMissingPathStillSearchesTheSystemDirectories() {
        assertTrue(CommandSearch.searchDirs(null).contains(Path.of("/usr/sbin")));
    }

    @Test
    public void onlyExecutableFilesAreFound() throws IOException {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        Files.createFile(a.resolve("lvm"));
        Path lvm = Files.createFile(b.resolve("lvm"));
        lvm.toFile().setExecutable(true);
        assertEquals(Optional.of(lvm), CommandSearch.find("lvm", List.of(a, b)));
        assertEquals(Optional.empty(), CommandSearch.find("dmsetup", List.of(a, b)));
    }
}
