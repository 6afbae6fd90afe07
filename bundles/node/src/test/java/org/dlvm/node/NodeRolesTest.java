package org.dlvm.node;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class NodeRolesTest {
    @Test
    public void aCommaListIsTrimmedLowerCasedAndDeduplicatedInOrder() {
        NodeRoles.Parsed parsed = NodeRoles.parse(" DPV , ihost,,dpv ");
        assertEquals(List.of("dpv", "ihost"), parsed.roles());
        assertEquals(List.of(), parsed.unknown());
    }

    @Test
    public void arrayEntriesMayThemselvesBeCommaLists() {
        assertEquals(List.of("controller", "dpv", "ihost"), NodeRoles.parse("controller, dpv", "ihost").roles());
    }

    @Test
    public void unknownRolesAreReportedAndDropped() {
        NodeRoles.Parsed parsed = NodeRoles.parse("dvp,ihost");
        assertEquals(List.of("ihost"), parsed.roles());
        assertEquals(List.of("dvp"), parsed.unknown());
    }

    @Test
    public void onlyAMisspeltRoleDoesNotFallBackToController() {
        NodeRoles.Parsed parsed = NodeRoles.parse("storage");
        assertEquals(List.of(), parsed.roles());
        assertEquals(List.of("storage"), parsed.unknown());
    }

    @Test
    public void nothingConfiguredMeansController() {
        assertEquals(List.of("controller"), NodeRoles.parse().roles());
        assertEquals(List.of("controller"), NodeRoles.parse(" , ").roles());
        assertEquals(List.of("controller"), NodeRoles.parse((String[]) null).roles());
    }
}
