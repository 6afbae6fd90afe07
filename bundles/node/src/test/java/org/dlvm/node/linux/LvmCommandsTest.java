package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.junit.Test;

public class LvmCommandsTest {
    @Test
    public void vgsAsksForBytesWithoutHeadingsOrSuffix() {
        assertEquals(List.of("lvm", "vgs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o",
                "vg_name,vg_size,vg_free", "dlvm_vg"), LvmCommands.vgsCommand("dlvm_vg"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aNameThatLooksLikeAnOptionIsRefused() {
        LvmCommands.vgsCommand("--all");
    }

    @Test
    public void vgNamesFollowLvmsRules() {
        assertTrue(LvmCommands.isValidVgName("vg.data-1+x_y"));
        assertFalse(LvmCommands.isValidVgName("-vg"));
        assertFalse(LvmCommands.isValidVgName("vg/1"));
        assertFalse(LvmCommands.isValidVgName(".."));
        assertFalse(LvmCommands.isValidVgName(""));
        assertFalse(LvmCommands.isValidVgName(null));
    }

    @Test
    public void indentedLinesParseToBytes() throws NodeException {
        List<VolumeGroupInfo> groups = LvmCommands.parseVgs("  dlvm_vg:5497558138880:1099511627776\n  other:4194304:0\n\n");
        assertEquals(List.of(new VolumeGroupInfo("dlvm_vg", 5497558138880L, 1099511627776L),
                new VolumeGroupInfo("other", 4194304L, 0L)), groups);
    }

    @Test
    public void emptyOutputIsNoGroup() throws NodeException {
        assertEquals(List.of(), LvmCommands.parseVgs("\n"));
    }

    @Test
    public void garbageIsAClearError() {
        try {
            LvmCommands.parseVgs("  dlvm_vg:100.00g:1g\n");
            fail();
        } catch (NodeException e) {
            assertEquals("unexpected size from lvm vgs: 'dlvm_vg:100.00g:1g'", e.getMessage());
        }
        try {
            LvmCommands.parseVgs("  WARNING: something\n");
            fail();
        } catch (NodeException e) {
            assertEquals("unexpected line from lvm vgs: 'WARNING: something'", e.getMessage());
        }
    }
}
