package org.dlvm.node.linux;

import java.util.List;

import org.dlvm.node.NodeException;

/** Runs one external command; the seam that lets the driver's tests run without LVM or root. */
public interface CommandRunner {
    /**
     * Returns the result whatever the exit code; throws only when the command could not run
     * at all (not installed, timed out).
     */
    CommandResult run(List<String> command) throws NodeException;
}
