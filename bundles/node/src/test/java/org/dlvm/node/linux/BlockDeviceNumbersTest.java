package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dlvm.node.NodeException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BlockDeviceNumbersTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private BlockDeviceNumbers numbers;

    @Before
    public void aMachine() throws IOException {
        root = tmp.newFolder("root").toPath();
        numbers = new BlockDeviceNumbers(root);
        write("sys/class/block/sdb/dev", "8:16\n");
        write("dev/sdb", "");
        write("sys/block/dm-0/dm/name", "dlvm-db1+s0-pool\n");
        write("sys/block/dm-0/dev", "254:0\n");
        write("sys/block/dm-7/dm/name", "dlvm-db1\n");
        write("sys/block/dm-7/dev", "254:7\n");
        write("sys/class/block/dm-7/dev", "254:7\n");
    }

    private void write(String relative, String content) throws IOException {
        Files.createDirectories(root.resolve(relative).getParent());
        Files.writeString(root.resolve(relative), content);
    }

    @Test
    public void aDiskByItsKernelName() throws NodeException {
        assertEquals("8:16", numbers.of("/dev/sdb"));
    }

    @Test
    public void udevLinksAreFollowed() throws Exception {
        Path byPath = root.resolve("dev/disk/by-path/ip-10.77.0.11:3260-iscsi-iqn.2026-11.org.dlvm:leg.a-lun-0");
        Files.createDirectories(byPath.getParent());
        Files.createSymbolicLink(byPath, Path.of("../../sdb"));
        write("dev/dm-7", "");
        Files.createDirectories(root.resolve("dev/mapper"));
        Files.createSymbolicLink(root.resolve("dev/mapper/dlvm-db1"), Path.of("../dm-7"));
        assertEquals("8:16", numbers.of("/dev/disk/by-path/ip-10.77.0.11:3260-iscsi-iqn.2026-11.org.dlvm:leg.a-lun-0"));
        assertEquals("254:7", numbers.of("/dev/mapper/dlvm-db1"));
    }

    @Test
    public void aMapperNodeWithoutUdevIsFoundByItsDmName() throws NodeException, IOException {
        write("dev/mapper/dlvm-db1+s0-pool", "");
        assertEquals("254:0", numbers.of("/dev/mapper/dlvm-db1+s0-pool"));
        assertEquals("254:3", numbers.of("254:3"));
    }

    @Test
    public void anUnknownDeviceIsNamed() {
        try {
            numbers.of("/dev/mapper/dlvm-none");
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("/dev/mapper/dlvm-none"));
        }
    }
}
