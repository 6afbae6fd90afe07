package org.dlvm.shell;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dvg;
import org.junit.Test;

public class CompletersTest {
    @Test
    public void dpvNamesComeFromTheService() {
        Fixtures.Dpvs dpvs = new Fixtures.Dpvs();
        dpvs.dpvs.add(Fixtures.dpv("d1", null));
        dpvs.dpvs.add(Fixtures.dpv("d2", null));
        DpvNameCompleter c = new DpvNameCompleter();
        c.dpvService = dpvs;
        assertEquals(List.of("d1", "d2"), c.names());
    }

    @Test
    public void dlvNamesComeFromTheService() {
        DlvNameCompleter c = new DlvNameCompleter();
        c.dlvService = new Fixtures.Dlvs();
        assertEquals(List.of("v2", "v1"), c.names());
    }

    @Test
    public void noServiceMeansNoCandidates() {
        assertEquals(List.of(), new DpvNameCompleter().names());
        assertEquals(List.of(), new DvgNameCompleter().names());
        assertEquals(List.of(), new IhostNameCompleter().names());
        assertEquals(List.of(), new DlvNameCompleter().names());
    }

    @Test
    public void aFailingServiceMeansNoCandidatesRatherThanAStackTrace() {
        DvgNameCompleter c = new DvgNameCompleter();
        c.dvgService = new Fixtures.Dvgs() {
            @Override
            public List<Dvg> list() {
                throw DlvmException.unavailable("database_unavailable", "database down", null);
            }
        };
        assertEquals(List.of(), c.names());
    }

    @Test
    public void completesThePrefixBeingTyped() {
        DvgNameCompleter c = new DvgNameCompleter();
        c.dvgService = new Fixtures.Dvgs();
        List<String> candidates = new ArrayList<>();
        c.complete(null, typing("g2"), candidates);
        assertEquals(1, candidates.size());
        assertEquals("g2", candidates.get(0).trim());

        IhostNameCompleter h = new IhostNameCompleter();
        h.ihostService = new Fixtures.Ihosts();
        assertEquals(List.of("h1"), h.names());
    }

    private static CommandLine typing(String word) {
        return new CommandLine() {
            public int getCursorArgumentIndex() {
                return 1;
            }

            public String getCursorArgument() {
                return word;
            }

            public int getArgumentPosition() {
                return word.length();
            }

            public String[] getArguments() {
                return new String[] { "dlvm:dvg-show", word };
            }

            public int getBufferPosition() {
                return getBuffer().length();
            }

            public String getBuffer() {
                return "dlvm:dvg-show " + word;
            }
        };
    }
}
