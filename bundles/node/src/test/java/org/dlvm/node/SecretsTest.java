package org.dlvm.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecretsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aSecretIsWrittenForItsOwnerOnlyAndReadBack() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("etc/dlvm-secrets/broker.password");
        assertNull(Secrets.read(file));
        Secrets.write(file, "s3cret");
        assertEquals("s3cret", Secrets.read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Secrets.write(file, "other");
        assertEquals("other", Secrets.read(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals("no temporary file is left", List.of(file), files.toList());
        }
    }

    @Test
    public void anOperatorsFileMayEndWithANewlineOrHoldMore() throws Exception {
        Path file = tmp.newFile("pw").toPath();
        Files.writeString(file, "  abc  \nsecond line\n");
        assertEquals("abc", Secrets.read(file));
        Files.writeString(file, "\n");
        assertNull(Secrets.read(file));
    }

    @Test
    public void generatedSecretsDifferAndNeedNoEscaping() {
        SecureRandom random = new SecureRandom();
        String a = Secrets.generate(random);
        assertNotEquals(a, Secrets.generate(random));
        assertTrue(a, a.matches("[A-Za-z0-9_-]{43}"));
    }
}
