package org.dlvm.node;

import java.util.List;

import org.dlvm.api.DlvLayout;

/** A base for test doubles: every node operation fails, so a test overrides only what it means to use. */
public class RefusingNodeDriver implements NodeDriver {
    private static NodeException refused() {
        return new NodeException("not in this test");
    }

    @Override
    public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
        throw refused();
    }

    @Override
    public String initiatorIqn() throws NodeException {
        throw refused();
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public void createLeg(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        throw refused();
    }

    @Override
    public void exportLeg(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        throw refused();
    }

    @Override
    public void unexportLeg(String leg) throws NodeException {
        throw refused();
    }

    @Override
    public void deleteLeg(String vg, String leg) throws NodeException {
        throw refused();
    }

    @Override
    public AssembledDlv assembleDlv(DlvLayout layout) throws NodeException {
        throw refused();
    }

    @Override
    public AssembledDlv growDlv(DlvLayout layout) throws NodeException {
        throw refused();
    }

    @Override
    public void disassembleDlv(DlvLayout layout) throws NodeException {
        throw refused();
    }

    @Override
    public NodeHoldings.Dpv dpvHoldings(String vg) throws NodeException {
        throw refused();
    }

    @Override
    public NodeHoldings.Ihost ihostHoldings() throws NodeException {
        throw refused();
    }

    @Override
    public void tearDown(String dlvPart, List<String> legs) throws NodeException {
        throw refused();
    }

    @Override
    public long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException {
        throw refused();
    }

    @Override
    public long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException {
        throw refused();
    }

    @Override
    public long copySnapshot(DlvLayout source, long thinId, DlvLayout target, CopyProgress progress) throws NodeException {
        throw refused();
    }

    @Override
    public List<PoolUsage> poolUsage(DlvLayout layout) throws NodeException {
        throw refused();
    }

    @Override
    public List<org.dlvm.api.DlvState> dlvStates(List<DlvLayout> layouts) throws NodeException {
        throw refused();
    }
}
