package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;

/** open-iscsi command lines (argv, no shell) for the ihost's side of a leg, and the parsing of their output. */
public final class IscsiadmCommands {
    /** ISCSI_ERR_NO_OBJS_FOUND: no session (session listing, logout) or no node record (delete). */
    public static final int NO_OBJECTS_EXIT = 21;
    /** ISCSI_ERR_SESS_EXISTS: login to a target already logged in. */
    public static final int SESSION_EXISTS_EXIT = 15;
    /**
     * ISCSI_ERR_IDBM as a node-mode command gives it when another iscsiadm deletes some other
     * target's record while it walks the node database: the walk takes no lock, and a target
     * directory that vanishes between readdir and opendir fails the whole command silently
     * ("Could not execute operation on all records"), whatever it did to the record it wanted.
     */
    public static final int DATABASE_EXIT = 6;
    /**
     * Seconds a lost session queues I/O before failing it. open-iscsi's default is 120 s, which
     * stalls the dlv that long when a dpv dies; the mirror above has the other leg, so failing
     * fast is what keeps the dlv available (ARCHITECTURE §3).
     */
    public static final int DEFAULT_REPLACEMENT_TIMEOUT_SECONDS = 5;
    public static final String BY_PATH_DIR = "/dev/disk/by-path/";
    /**
     * One login attempt's limit and the attempts made: open-iscsi's defaults (15 s, 8 attempts)
     * spend two minutes on a dpv that is down, longer than an agent's command may run; the leg's
     * mirror can start without it.
     */
    public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_INITIAL_LOGIN_ATTEMPTS = 2;

    private static final Pattern SETTING_NAME = Pattern.compile("^[a-z][a-z0-9_.\\[\\]]*$");
    private static final Pattern SESSION_LINE = Pattern.compile(
            "^(\\S+): \\[(\\d+)\\] (\\S+):(\\d+),(\\d+) (\\S+)(?: \\(.*\\))?$");

    /** One line of {@code iscsiadm -m session}. */
    public record IscsiSession(String transport, int sessionId, String address, int port, int portalGroupTag,
            String targetIqn) {
    }

    /** A SCSI disk of a session, from {@code iscsiadm -m session -P 3}. */
    public record AttachedDisk(String targetIqn, String portal, int sessionId, int lun, String disk) {
        public String devicePath() {
            return "/dev/" + disk;
        }
    }

    private IscsiadmCommands() {
    }

    /** Asks the portal for its targets and records a node for each (all of them, not only the one wanted). */
    public static List<String> discovery(String ip, int port) {
        return List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", IscsiNames.portal(ip, port));
    }

    /** Records the one target without discovery, so the ihost gets no node records for other ihosts' legs. */
    public static List<String> newNode(String targetIqn, String ip, int port) {
        return node(targetIqn, ip, port, "-o", "new");
    }

    /** Shows the node record: exits 0 when it exists, {@value #NO_OBJECTS_EXIT} when it does not. */
    public static List<String> showNode(String targetIqn, String ip, int port) {
        return node(targetIqn, ip, port, "-o", "show");
    }

    public static List<String> update(String targetIqn, String ip, int port, String setting, String value) {
        if (setting == null || !SETTING_NAME.matcher(setting).matches()) {
            throw new IllegalArgumentException("invalid iscsiadm setting name '" + setting + "'");
        }
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("invalid value for " + setting + ": printable ASCII without blanks");
        }
        return node(targetIqn, ip, port, "--op", "update", "-n", setting, "-v", value);
    }

    public static List<String> replacementTimeout(String targetIqn, String ip, int port, int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("replacement timeout must be at least 1 s, got " + seconds);
        }
        return update(targetIqn, ip, port, "node.session.timeo.replacement_timeout", Integer.toString(seconds));
    }

    /** No login at boot: after a reboot the ihost agent decides, with the controller, which legs it may still use. */
    public static List<String> manualStartup(String targetIqn, String ip, int port) {
        return update(targetIqn, ip, port, "node.startup", "manual");
    }

    /** Login attempts that give up within seconds (see {@link #DEFAULT_LOGIN_TIMEOUT_SECONDS}). */
    public static List<List<String>> quickLoginFailure(String targetIqn, String ip, int port) {
        return List.of(
                update(targetIqn, ip, port, "node.conn[0].timeo.login_timeout",
                        Integer.toString(DEFAULT_LOGIN_TIMEOUT_SECONDS)),
                update(targetIqn, ip, port, "node.session.initial_login_retry_max",
                        Integer.toString(DEFAULT_INITIAL_LOGIN_ATTEMPTS)));
    }

    /** A record that once had CHAP (an earlier export of the same leg) must not keep offering it. */
    public static List<String> noChap(String targetIqn, String ip, int port) {
        return update(targetIqn, ip, port, "node.session.auth.authmethod", "None");
    }

    /** The three updates that make the node log in with CHAP; the last carries the secret (see {@link #redacted}). */
    public static List<List<String>> chap(String targetIqn, String ip, int port, String user, String password) {
        LioConfigfs.checkChapValue("user", user == null ? "" : user);
        LioConfigfs.checkChapValue("password", password == null ? "" : password);
        return List.of(
                update(targetIqn, ip, port, "node.session.auth.authmethod", "CHAP"),
                update(targetIqn, ip, port, "node.session.auth.username", user),
                update(targetIqn, ip, port, "node.session.auth.password", password));
    }

    public static List<String> login(String targetIqn, String ip, int port) {
        return node(targetIqn, ip, port, "--login");
    }

    public static List<String> logout(String targetIqn, String ip, int port) {
        return node(targetIqn, ip, port, "--logout");
    }

    public static List<String> deleteNode(String targetIqn, String ip, int port) {
        return node(targetIqn, ip, port, "-o", "delete");
    }

    /** Every session to the target, whatever its portal (a replaced leg's, whose portal the layout no longer names). */
    public static List<String> logoutTarget(String targetIqn) {
        return List.of("iscsiadm", "-m", "node", "-T", IscsiNames.checkName(targetIqn), "--logout");
    }

    /** Whether the command is one of {@code iscsiadm -m node}, which walk the whole node database. */
    public static boolean walksNodeDatabase(List<String> command) {
        return command.size() > 2 && command.get(0).equals("iscsiadm") && command.get(1).equals("-m")
                && command.get(2).equals("node");
    }

    public static List<String> deleteTargetNodes(String targetIqn) {
        return List.of("iscsiadm", "-m", "node", "-T", IscsiNames.checkName(targetIqn), "-o", "delete");
    }

    /** Exits {@value #NO_OBJECTS_EXIT} when there is no session: that is an empty list, not an error. */
    public static List<String> sessions() {
        return List.of("iscsiadm", "-m", "session");
    }

    /** Sessions with their SCSI disks: finds the disk of a leg where udev (and so by-path) is absent. */
    public static List<String> sessionDisks() {
        return List.of("iscsiadm", "-m", "session", "-P", "3");
    }

    /** The udev link of LUN 0 of a target, as path_id names it. */
    public static String byPathDevice(String ip, int port, String targetIqn) {
        IscsiNames.portal(ip, port);
        return BY_PATH_DIR + "ip-" + ip + ":" + port + "-iscsi-" + IscsiNames.checkName(targetIqn) + "-lun-0";
    }

    /** The command for a log or an error message, the CHAP secret masked. */
    public static List<String> redacted(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        for (int i = 0; i + 3 < shown.size(); i++) {
            if (shown.get(i).equals("-n") && shown.get(i + 1).startsWith("node.session.auth.password")
                    && shown.get(i + 2).equals("-v")) {
                shown.set(i + 3, "********");
            }
        }
        return shown;
    }

    /** {@code tcp: [3] 10.77.0.11:3260,1 iqn.2026-11.org.dlvm:leg.x (non-flash)}, one per line. */
    public static List<IscsiSession> parseSessions(String output) throws NodeException {
        List<IscsiSession> sessions = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("iscsiadm: No active sessions")) {
                continue;
            }
            Matcher m = SESSION_LINE.matcher(trimmed);
            if (!m.matches()) {
                throw new NodeException("unexpected line from iscsiadm -m session: '" + trimmed + "'");
            }
            try {
                sessions.add(new IscsiSession(m.group(1), Integer.parseInt(m.group(2)), unbracket(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6)));
            } catch (NumberFormatException e) {
                throw new NodeException("unexpected numbers from iscsiadm -m session: '" + trimmed + "'", e);
            }
        }
        return sessions;
    }

    /**
     * The disks in {@code iscsiadm -m session -P 3}: under each "Target:" come its "Current
     * Portal:", "SID:", and per LUN a "scsiN Channel 00 Id 0 Lun: L" line followed by "Attached
     * scsi disk sdX State: ..." once the disk exists.
     */
    public static List<AttachedDisk> parseAttachedDisks(String output) throws NodeException {
        List<AttachedDisk> disks = new ArrayList<>();
        String target = null;
        String portal = null;
        int sid = -1;
        int lun = -1;
        try {
            for (String line : output.split("\n")) {
                String t = line.trim();
                if (t.startsWith("Target: ")) {
                    target = t.substring("Target: ".length()).split("\\s+")[0];
                    portal = null;
                    sid = -1;
                    lun = -1;
                } else if (t.startsWith("Current Portal: ")) {
                    String value = t.substring("Current Portal: ".length()).trim();
                    int comma = value.lastIndexOf(',');
                    portal = comma < 0 ? value : value.substring(0, comma);
                } else if (t.startsWith("SID: ")) {
                    sid = Integer.parseInt(t.substring("SID: ".length()).trim());
                } else if (t.matches("^scsi\\d+ Channel \\d+ Id \\d+ Lun: \\d+$")) {
                    lun = Integer.parseInt(t.substring(t.lastIndexOf(' ') + 1));
                } else if (t.startsWith("Attached scsi disk ")) {
                    if (target == null || sid < 0 || lun < 0) {
                        throw new NodeException("iscsiadm -m session -P 3 lists a disk outside a target, session or LUN: '"
                                + t + "'");
                    }
                    String disk = t.substring("Attached scsi disk ".length()).split("\\s+")[0];
                    disks.add(new AttachedDisk(target, portal, sid, lun, disk));
                }
            }
        } catch (NumberFormatException e) {
            throw new NodeException("unexpected numbers from iscsiadm -m session -P 3: " + e.getMessage(), e);
        }
        return disks;
    }

    private static List<String> node(String targetIqn, String ip, int port, String... action) {
        List<String> argv = new ArrayList<>(List.of("iscsiadm", "-m", "node", "-T", IscsiNames.checkName(targetIqn), "-p",
                IscsiNames.portal(ip, port)));
        argv.addAll(List.of(action));
        return List.copyOf(argv);
    }

    private static String unbracket(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }
}
