package org.dlvm.node.linux;

import java.nio.file.Path;

import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeException;
import org.dlvm.api.DlvLayout;

/** An ihost's dlv stacks on the kernel: open-iscsi, dm-raid, thin-pool, thin, striped. (Being written.) */
final class DlvAssembler {
    private final CommandRunner runner;
    private final Path root;

    DlvAssembler(CommandRunner runner, Path root) {
        this.runner = runner;
        this.root = root;
    }

    AssembledDlv assemble(DlvLayout layout) throws NodeException {
        throw new NodeException("dlv.assemble is not implemented yet");
    }

    AssembledDlv grow(DlvLayout layout) throws NodeException {
        throw new NodeException("dlv.grow is not implemented yet");
    }

    void disassemble(DlvLayout layout) throws NodeException {
        throw new NodeException("dlv.disassemble is not implemented yet");
    }

    long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException {
        throw new NodeException("snapshot.create is not implemented yet");
    }

    long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException {
        throw new NodeException("snapshot.delete is not implemented yet");
    }
}
