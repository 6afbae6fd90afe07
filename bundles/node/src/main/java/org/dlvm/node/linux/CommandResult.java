package org.dlvm.node.linux;

import java.util.List;
import java.util.stream.Collectors;

public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** "lvm vgs ... failed (exit 5): Volume group "x" not found": the tool's own words are the best diagnosis. */
    public String failureMessage() {
        String why = stderr.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.joining("; "));
        if (why.isEmpty()) {
            why = stdout.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.joining("; "));
        }
        return String.join(" ", command) + " failed (exit " + exitCode + ")" + (why.isEmpty() ? "" : ": " + why);
    }
}
