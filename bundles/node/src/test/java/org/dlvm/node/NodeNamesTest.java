package org.dlvm.node;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeNamesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aConfiguredNameWinsOverTheHostName() {
        assertEquals("dpv1", NodeNames.nodeName(" dpv1 ", () -> "host"));
    }

    @Test
    public void anEmptyNameMeansTheHostName() {
        assertEquals("host", NodeNames.nodeName("", () -> "host"));
        assertEquals("host", NodeNames.nodeName(null, () -> "host"));
    }

    @Test
    public void theResolverComesFirst() throws IOException {
        Path etc = tmp.newFile("hostname").toPath();
        Files.writeString(etc, "fromfile\n");
        assertEquals("resolved", NodeNames.hostName(() -> "resolved", etc));
    }

    @Test
    public void etcHostnameIsTheFallbackWhenTheResolverFails() throws IOException {
        Path etc = tmp.newFile("hostname").toPath();
        Files.writeString(etc, "  fromfile\n");
        assertEquals("fromfile", NodeNames.hostName(() -> null, etc));
    }

    @Test
    public void localhostIsTheLastResort() {
        assertEquals("localhost", NodeNames.hostName(() -> null, tmp.getRoot().toPath().resolve("missing")));
    }

    @Test
    public void theConfigsNameIsUsed() {
        assertEquals("n7", NodeNames.nodeName(TestNodeConfigs.of(Map.of("name", "n7"))));
    }
}
