package org.dlvm.node.linux;

import static org.dlvm.node.linux.DmStatusTest.expectNodeException;
import static org.dlvm.node.linux.DmTablesTest.expectMessage;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dlvm.node.NodeException;
import org.dlvm.node.linux.IscsiadmCommands.AttachedDisk;
import org.dlvm.node.linux.IscsiadmCommands.IscsiSession;
import org.junit.Test;

public class IscsiadmCommandsTest {
    private static final String IQN = "iqn.2026-11.org.dlvm:leg.leg-1";

    @Test
    public void discoveryAndNodeRecords() {
        assertEquals(List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", "10.77.0.11:3260"),
                IscsiadmCommands.discovery("10.77.0.11", 3260));
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "-o", "new"),
                IscsiadmCommands.newNode(IQN, "10.77.0.11", 3260));
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "[fd00::11]:3260", "-o", "delete"),
                IscsiadmCommands.deleteNode(IQN, "fd00::11", 3260));
    }

    @Test
    public void aShortReplacementTimeoutAndNoLoginAtBoot() {
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "--op", "update", "-n",
                "node.session.timeo.replacement_timeout", "-v", "5"),
                IscsiadmCommands.replacementTimeout(IQN, "10.77.0.11", 3260,
                        IscsiadmCommands.DEFAULT_REPLACEMENT_TIMEOUT_SECONDS));
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "--op", "update", "-n",
                "node.startup", "-v", "manual"), IscsiadmCommands.manualStartup(IQN, "10.77.0.11", 3260));
        expectMessage("at least 1 s", () -> IscsiadmCommands.replacementTimeout(IQN, "10.77.0.11", 3260, 0));
    }

    @Test
    public void aRecordIsProbedAndLoginsGiveUpWithinSeconds() {
        List<String> node = List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260");
        assertEquals(concat(node, "-o", "show"), IscsiadmCommands.showNode(IQN, "10.77.0.11", 3260));
        assertEquals(List.of(concat(node, "--op", "update", "-n", "node.conn[0].timeo.login_timeout", "-v", "5"),
                concat(node, "--op", "update", "-n", "node.session.initial_login_retry_max", "-v", "2")),
                IscsiadmCommands.quickLoginFailure(IQN, "10.77.0.11", 3260));
        assertEquals(concat(node, "--op", "update", "-n", "node.session.auth.authmethod", "-v", "None"),
                IscsiadmCommands.noChap(IQN, "10.77.0.11", 3260));
    }

    @Test
    public void chapIsThreeUpdates() {
        List<String> node = List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "--op", "update", "-n");
        List<List<String>> commands = IscsiadmCommands.chap(IQN, "10.77.0.11", 3260, "dlvm-leg-1", "s3cret-Pa55word");
        assertEquals(List.of(
                concat(node, "node.session.auth.authmethod", "-v", "CHAP"),
                concat(node, "node.session.auth.username", "-v", "dlvm-leg-1"),
                concat(node, "node.session.auth.password", "-v", "s3cret-Pa55word")), commands);
        assertEquals(concat(node, "node.session.auth.password", "-v", "********"),
                IscsiadmCommands.redacted(commands.get(2)));
        assertEquals(commands.get(1), IscsiadmCommands.redacted(commands.get(1)));
        expectMessage("CHAP password must be", () -> IscsiadmCommands.chap(IQN, "10.77.0.11", 3260, "u", "a b"));
        expectMessage("CHAP user must be", () -> IscsiadmCommands.chap(IQN, "10.77.0.11", 3260, null, "pw"));
    }

    @Test
    public void loginLogoutAndSessions() {
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "--login"),
                IscsiadmCommands.login(IQN, "10.77.0.11", 3260));
        assertEquals(List.of("iscsiadm", "-m", "node", "-T", IQN, "-p", "10.77.0.11:3260", "--logout"),
                IscsiadmCommands.logout(IQN, "10.77.0.11", 3260));
        assertEquals(List.of("iscsiadm", "-m", "session"), IscsiadmCommands.sessions());
        assertEquals(List.of("iscsiadm", "-m", "session", "-P", "3"), IscsiadmCommands.sessionDisks());
    }

    @Test
    public void settingsAndValuesCannotSmuggleArguments() {
        expectMessage("invalid iscsiadm setting name", () -> IscsiadmCommands.update(IQN, "10.0.0.1", 3260, "-o", "x"));
        expectMessage("invalid value", () -> IscsiadmCommands.update(IQN, "10.0.0.1", 3260, "node.startup", "a b"));
        expectMessage("invalid iSCSI name", () -> IscsiadmCommands.login("--all", "10.0.0.1", 3260));
    }

    @Test
    public void byPathNameOfLunZero() {
        assertEquals("/dev/disk/by-path/ip-10.77.0.11:3260-iscsi-iqn.2026-11.org.dlvm:leg.leg-1-lun-0",
                IscsiadmCommands.byPathDevice("10.77.0.11", 3260, IQN));
    }

    @Test
    public void sessionListParses() throws NodeException {
        assertEquals(List.of(
                new IscsiSession("tcp", 3, "10.77.0.11", 3260, 1, IQN),
                new IscsiSession("tcp", 4, "fd00::12", 3260, 1, "iqn.2026-11.org.dlvm:leg.leg-2"),
                new IscsiSession("tcp", 12, "127.0.0.1", 3261, 2, "iqn.2026-11.org.dlvm:leg.leg-3")),
                IscsiadmCommands.parseSessions(
                        "tcp: [3] 10.77.0.11:3260,1 iqn.2026-11.org.dlvm:leg.leg-1 (non-flash)\n"
                                + "tcp: [4] [fd00::12]:3260,1 iqn.2026-11.org.dlvm:leg.leg-2 (non-flash)\n"
                                + "tcp: [12] 127.0.0.1:3261,2 iqn.2026-11.org.dlvm:leg.leg-3\n"));
        assertEquals(List.of(), IscsiadmCommands.parseSessions(""));
        assertEquals(List.of(), IscsiadmCommands.parseSessions("iscsiadm: No active sessions.\n"));
        expectNodeException("unexpected line from iscsiadm -m session", () -> IscsiadmCommands.parseSessions("garbage\n"));
    }

    @Test
    public void attachedDisksParse() throws NodeException {
        String output = "iSCSI Transport Class version 2.0-870\n"
                + "version 2.1.8\n"
                + "Target: iqn.2026-11.org.dlvm:leg.leg-1 (non-flash)\n"
                + "\tCurrent Portal: 10.77.0.11:3260,1\n"
                + "\tPersistent Portal: 10.77.0.11:3260,1\n"
                + "\t\t**********\n"
                + "\t\tInterface:\n"
                + "\t\t**********\n"
                + "\t\tIface Name: default\n"
                + "\t\tIface Transport: tcp\n"
                + "\t\tIface Initiatorname: iqn.1993-08.org.debian:01:ihost1\n"
                + "\t\tSID: 1\n"
                + "\t\tiSCSI Connection State: LOGGED IN\n"
                + "\t\tiSCSI Session State: LOGGED_IN\n"
                + "\t\tInternal iscsid Session State: NO CHANGE\n"
                + "\t\t************************\n"
                + "\t\tAttached SCSI devices:\n"
                + "\t\t************************\n"
                + "\t\tHost Number: 2\tState: running\n"
                + "\t\tscsi2 Channel 00 Id 0 Lun: 0\n"
                + "\t\t\tAttached scsi disk sda\t\tState: running\n"
                + "Target: iqn.2026-11.org.dlvm:leg.leg-2 (non-flash)\n"
                + "\tCurrent Portal: [fd00::12]:3260,1\n"
                + "\tPersistent Portal: [fd00::12]:3260,1\n"
                + "\t\tSID: 2\n"
                + "\t\tHost Number: 3\tState: running\n"
                + "\t\tscsi3 Channel 00 Id 0 Lun: 0\n"
                + "\t\t\tAttached scsi disk sdb\t\tState: running\n"
                + "Target: iqn.2026-11.org.dlvm:leg.leg-3 (non-flash)\n"
                + "\tCurrent Portal: 10.77.0.13:3260,1\n"
                + "\t\tSID: 3\n"
                + "\t\tHost Number: 4\tState: running\n";
        List<AttachedDisk> disks = IscsiadmCommands.parseAttachedDisks(output);
        assertEquals(List.of(
                new AttachedDisk(IQN, "10.77.0.11:3260", 1, 0, "sda"),
                new AttachedDisk("iqn.2026-11.org.dlvm:leg.leg-2", "[fd00::12]:3260", 2, 0, "sdb")), disks);
        assertEquals("/dev/sda", disks.get(0).devicePath());
        expectNodeException("outside a target", () -> IscsiadmCommands.parseAttachedDisks(
                "\t\t\tAttached scsi disk sda\t\tState: running\n"));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
