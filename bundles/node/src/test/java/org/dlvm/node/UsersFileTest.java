package org.dlvm.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class UsersFileTest {
    private static final List<String> SHIPPED = List.of("# comment", "_g_\\:admingroup = group,admin,ssh", "",
            "node.dpv1 = old,dlvm-node,node.dpv1");

    @Test
    public void aUserIsReplacedInPlaceOrAppendedAndCommentsStay() {
        List<String> out = UsersFile.withUser(SHIPPED, "node.dpv1", "new", List.of("dlvm-node", "node.dpv1"));
        assertEquals(List.of("# comment", "_g_\\:admingroup = group,admin,ssh", "", "node.dpv1 = new,dlvm-node,node.dpv1"), out);
        List<String> added = UsersFile.withUser(out, "karaf", "pw", List.of("_g_:admingroup"));
        assertEquals("karaf = pw,_g_:admingroup", added.get(added.size() - 1));
        assertTrue(UsersFile.has(added, "karaf"));
        assertFalse(UsersFile.has(SHIPPED, "karaf"));
    }

    @Test
    public void aNameWithASeparatorIsEscapedAndFoundAgain() {
        List<String> out = UsersFile.withUser(List.of(), "node.rack1:dpv", "pw", List.of("dlvm-node", "node.rack1:dpv"));
        assertEquals("node.rack1\\:dpv = pw,dlvm-node,node.rack1:dpv", out.get(0));
        assertTrue(UsersFile.has(out, "node.rack1:dpv"));
        assertEquals(List.of("node.rack1:dpv"), UsersFile.usersWithRole(out, "dlvm-node"));
    }

    @Test
    public void usersWithARoleLeaveGroupsAndOtherRolesOut() {
        List<String> lines = List.of("_g_\\:g = group,dlvm-node", "a = x,dlvm-node", "b = dlvm-node,admin", "c = y,admin");
        assertEquals("b's password is dlvm-node, not its role", List.of("a"), UsersFile.usersWithRole(lines, "dlvm-node"));
    }
}
