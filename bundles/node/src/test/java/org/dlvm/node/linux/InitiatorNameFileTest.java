package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.dlvm.node.NodeException;
import org.junit.Test;

public class InitiatorNameFileTest {
    @Test
    public void theNameIsReadPastComments() throws NodeException {
        assertEquals("iqn.1993-08.org.debian:01:abc123", InitiatorNameFile.parse(
                "## DO NOT EDIT OR REMOVE THIS FILE!\n# InitiatorName=iqn.commented:out\nInitiatorName=iqn.1993-08.org.debian:01:abc123\n"));
    }

    @Test
    public void spacesAroundTheValueAreIgnored() throws NodeException {
        assertEquals("iqn.2026-11.org.example:h1", InitiatorNameFile.parse("  InitiatorName = iqn.2026-11.org.example:h1  "));
    }

    @Test
    public void debiansPlaceholderSaysToStartIscsid() {
        try {
            InitiatorNameFile.parse("GenerateName=yes\n");
            fail();
        } catch (NodeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("start iscsid once"));
        }
    }

    @Test
    public void aFileWithoutTheLineIsAClearError() {
        try {
            InitiatorNameFile.parse("# nothing\n");
            fail();
        } catch (NodeException e) {
            assertEquals("no InitiatorName= line in /etc/iscsi/initiatorname.iscsi", e.getMessage());
        }
    }
}
