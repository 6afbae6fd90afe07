package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.BitSet;
import java.util.List;

import org.dlvm.node.NodeException;
import org.junit.Test;

public class ThinDumpTest {
    /** As thin-provisioning-tools 0.9 prints it for a pool with the dlv's thin (0) and a snapshot (1). */
    private static final String DUMP = """
            <superblock uuid="" time="1" transaction="2" flags="0" version="2" data_block_size="128" nr_data_blocks="2048">
              <device dev_id="0" mapped_blocks="12" transaction="0" creation_time="0" snap_time="1">
                <range_mapping origin_begin="0" data_begin="0" length="10" time="0"/>
                <single_mapping origin_block="40" data_block="10" time="1"/>
                <single_mapping origin_block="41" data_block="11" time="1"/>
              </device>
              <device dev_id="1" mapped_blocks="11" transaction="1" creation_time="1" snap_time="1">
                <range_mapping origin_begin="0" data_begin="0" length="10" time="0"/>
                <single_mapping origin_block="700" data_block="12" time="0"/>
              </device>
            </superblock>
            """;

    @Test
    public void theMappedBlocksOfOneDeviceOnly() throws NodeException {
        BitSet snapshot = ThinDump.mappedBlocks(DUMP, 1);
        assertEquals(11, snapshot.cardinality());
        assertEquals(10, snapshot.nextClearBit(0));
        assertTrue(snapshot.get(700));
        assertEquals("device 0's blocks 40 and 41 are not the snapshot's", 700, snapshot.nextSetBit(10));
        assertEquals(12, ThinDump.mappedBlocks(DUMP, 0).cardinality());
    }

    @Test
    public void aDeviceWithoutMappingsHasNoneAndAMissingDeviceIsAFailure() throws NodeException {
        assertEquals(0, ThinDump.mappedBlocks("<superblock>\n  <device dev_id=\"3\" mapped_blocks=\"0\">\n  </device>\n"
                + "</superblock>\n", 3).cardinality());
        try {
            ThinDump.mappedBlocks(DUMP, 2);
            fail("a dump without the device");
        } catch (NodeException e) {
            assertEquals("thin_dump shows no thin device 2 in the pool's metadata", e.getMessage());
        }
    }

    @Test
    public void theCommandReadsTheMetadataSnapshotOfOneDevice() {
        assertEquals(List.of("thin_dump", "--metadata-snap", "--dev-id", "7", "/dev/mapper/dlvm-a+s0-pmeta"),
                ThinDump.command(7, "/dev/mapper/dlvm-a+s0-pmeta"));
    }
}
