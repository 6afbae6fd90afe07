package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class CommandResultTest {
    @Test
    public void aFailureQuotesTheCommandAndItsStderr() {
        CommandResult r = new CommandResult(List.of("lvm", "vgs", "dlvm_vg"), 5, "",
                "  Volume group \"dlvm_vg\" not found\n  Cannot process volume group dlvm_vg\n");
        assertEquals("lvm vgs dlvm_vg failed (exit 5): Volume group \"dlvm_vg\" not found; Cannot process volume group dlvm_vg",
                r.failureMessage());
    }

    @Test
    public void stdoutExplainsWhenStderrIsSilent() {
        assertEquals("x failed (exit 1): oops", new CommandResult(List.of("x"), 1, "oops\n", "").failureMessage());
        assertEquals("x failed (exit 1)", new CommandResult(List.of("x"), 1, null, null).failureMessage());
    }

    @Test
    public void missingCommandsNameTheirPackage() {
        assertEquals("command 'lvm' not found: install lvm2 (LVM2 tools)", CommandPackages.notFoundMessage("lvm"));
        assertEquals("command 'frob' not found", CommandPackages.notFoundMessage("frob"));
    }
}
