package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DirectConfigfsFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final DirectConfigfsFiles files = new DirectConfigfsFiles();

    @Test
    public void anAttributeIsWrittenOnlyIfItExists() throws IOException {
        Path dir = tmp.newFolder().toPath();
        Path enable = Files.writeString(dir.resolve("enable"), "0\n");
        files.write(enable, "1");
        assertEquals(Optional.of("1"), files.read(enable));
        try {
            files.write(dir.resolve("no_such_attribute"), "1");
            fail();
        } catch (NoSuchFileException expected) {
            assertFalse(Files.exists(dir.resolve("no_such_attribute")));
        }
        assertEquals(Optional.empty(), files.read(dir.resolve("no_such_attribute")));
    }

    @Test
    public void linksAreNotFollowedAndOnlyDirectoriesAreListed() throws IOException {
        Path dir = tmp.newFolder().toPath();
        Path acls = dir.resolve("acls");
        files.mkdir(acls);
        files.mkdir(acls.resolve("iqn.2026-11.org.dlvm:b"));
        files.mkdir(acls.resolve("iqn.2026-11.org.dlvm:a"));
        Files.writeString(acls.resolve("attribute"), "x");
        Path link = acls.resolve("link");
        files.symlink(link, dir.resolve("gone"));
        assertTrue(files.exists(link));
        assertEquals(List.of("iqn.2026-11.org.dlvm:a", "iqn.2026-11.org.dlvm:b"), files.subdirectories(acls));
        files.unlink(link);
        assertFalse(files.exists(link));
        assertEquals(List.of(), files.subdirectories(dir.resolve("absent")));
        files.rmdir(acls.resolve("iqn.2026-11.org.dlvm:a"));
        assertEquals(List.of("iqn.2026-11.org.dlvm:b"), files.subdirectories(acls));
    }
}
