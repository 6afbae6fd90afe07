package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.dlvm.node.linux.KernelNamesTest.expectIllegal;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ThinPoolMessagesTest {
    @Test
    public void messagesAreTheKernelsWords() {
        assertEquals("create_thin 0", ThinPoolMessages.createThin(0));
        assertEquals("create_snap 1 0", ThinPoolMessages.createSnap(1, 0));
        assertEquals("delete 7", ThinPoolMessages.delete(7));
        assertEquals("set_transaction_id 3 4", ThinPoolMessages.setTransactionId(3, 4));
        assertEquals("reserve_metadata_snap", ThinPoolMessages.reserveMetadataSnap());
        assertEquals("release_metadata_snap", ThinPoolMessages.releaseMetadataSnap());
    }

    @Test
    public void idsAre24Bit() {
        assertEquals("create_thin 16777215", ThinPoolMessages.createThin(16777215));
        expectIllegal(() -> ThinPoolMessages.createThin(16777216));
        expectIllegal(() -> ThinPoolMessages.delete(-1));
        expectIllegal(() -> ThinPoolMessages.createSnap(1, 16777216));
    }

    @Test
    public void aSnapshotIsNotItsOwnOrigin() {
        expectMessage("cannot have its own id 2 as origin", () -> ThinPoolMessages.createSnap(2, 2));
    }

    @Test
    public void transactionIdsMoveAndAreUnsigned() {
        expectMessage("unchanged", () -> ThinPoolMessages.setTransactionId(5, 5));
        expectIllegal(() -> ThinPoolMessages.setTransactionId(-1, 0));
    }
}
