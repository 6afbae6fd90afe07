package org.dlvm.node.linux;

import java.nio.file.Path;

import org.dlvm.node.NodeException;

/** A dpv's legs on the kernel: LVM, the two linears, LIO through configfs. (Being written.) */
final class LegExecutor {
    private final CommandRunner runner;
    private final Path root;
    private final LioConfigfs configfs;

    LegExecutor(CommandRunner runner, Path root, LioConfigfs configfs) {
        this.runner = runner;
        this.root = root;
        this.configfs = configfs;
    }

    void create(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        throw new NodeException("leg.create is not implemented yet");
    }

    void export(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        throw new NodeException("leg.export is not implemented yet");
    }

    void unexport(String leg) throws NodeException {
        throw new NodeException("leg.unexport is not implemented yet");
    }

    void delete(String vg, String leg) throws NodeException {
        throw new NodeException("leg.delete is not implemented yet");
    }
}
