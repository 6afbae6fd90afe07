package org.dlvm.api;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class DlvLayoutTest {
    @Test
    public void aLegsChapSecretStaysOutOfItsText() {
        DlvLayout.Leg leg = new DlvLayout.Leg("l1", "dpv1", "10.0.0.1", 3260, "u1", "Secret123456", true);
        assertFalse(leg.toString(), leg.toString().contains("Secret123456"));
        assertTrue(leg.toString(), leg.toString().contains("l1") && leg.toString().contains("chap"));
    }
}
