package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dlvm.api.DlvLayout;
import org.dlvm.node.NodeException;
import org.dlvm.node.linux.IscsiadmCommands.AttachedDisk;
import org.dlvm.node.linux.IscsiadmCommands.IscsiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ihost's side of a leg: the open-iscsi node record, the session, and the leg's disk. A leg
 * that cannot be logged in to is not an error here: its mirror may run without it, which the
 * caller decides.
 */
final class LegLogins {
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    /**
     * How often a node-mode command is run while it fails as a walk of the node database does
     * when another one deletes a record meanwhile ({@link IscsiadmCommands#DATABASE_EXIT}). Every
     * one of them can be repeated: a record made, updated or deleted again, or a login or logout
     * done already, gives success or the exit this class takes as done.
     */
    static final int DATABASE_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(LegLogins.class);

    /** A leg's disk, or why there is none. */
    record LegDisk(String leg, String disk, String whyMissing) {
        static LegDisk attached(String leg, String disk) {
            return new LegDisk(leg, disk, null);
        }

        static LegDisk missing(String leg, String why) {
            return new LegDisk(leg, null, why);
        }

        boolean isMissing() {
            return disk == null;
        }
    }

    private final CommandRunner runner;
    private final Path root;
    private final Duration diskWait;

    LegLogins(CommandRunner runner, Path root, Duration diskWait) {
        this.runner = runner;
        this.root = root;
        this.diskWait = diskWait;
    }

    /** The legs this ihost has a session to, whatever their state. */
    List<String> sessionLegs() throws NodeException {
        return begin().sessions.stream().map(session -> KernelNames.legOfTargetIqn(session.targetIqn()))
                .flatMap(java.util.Optional::stream).distinct().sorted().toList();
    }

    /**
     * One operation's logins: the sessions and their disks are listed once, not per leg (a
     * listing per leg costs seconds on a slow machine), and the disks again only after a login.
     */
    Round begin() throws NodeException {
        CommandResult result = runner.run(IscsiadmCommands.sessions());
        List<IscsiSession> sessions = result.exitCode() == IscsiadmCommands.NO_OBJECTS_EXIT ? List.of()
                : IscsiadmCommands.parseSessions(DmDevices.check(result).stdout());
        return new Round(sessions);
    }

    final class Round {
        private final List<IscsiSession> sessions;
        private List<AttachedDisk> disks;

        private Round(List<IscsiSession> sessions) {
            this.sessions = sessions;
        }

        /**
         * Logs in to the leg unless a session is open, and waits (bounded) for its disk. The node
         * record is made and set up only before a login: an open session means it was.
         */
        LegDisk attach(DlvLayout.Leg leg) throws NodeException {
            if (!leg.reachable()) {
                return LegDisk.missing(leg.leg(), "its dpv " + leg.dpv() + " is marked unreachable");
            }
            String iqn = KernelNames.legTargetIqn(leg.leg());
            String ip = leg.address();
            int port = leg.port();
            boolean loggedIn = sessions.stream().anyMatch(s -> s.targetIqn().equals(iqn) && s.address().equals(ip)
                    && s.port() == port);
            if (!loggedIn) {
                String why = login(leg, iqn, ip, port);
                if (why != null) {
                    return LegDisk.missing(leg.leg(), why);
                }
                disks = null;
            }
            return waitForDisk(leg.leg(), iqn, ip, port);
        }

        /**
         * The disk appears after the login returns (the LUN scan is asynchronous): udev's by-path
         * link where udev runs, else the disk the session lists.
         */
        private LegDisk waitForDisk(String leg, String iqn, String ip, int port) throws NodeException {
            String byPath = IscsiadmCommands.byPathDevice(ip, port, iqn);
            String portal = IscsiNames.portal(ip, port);
            long deadline = System.nanoTime() + diskWait.toNanos();
            while (true) {
                if (Files.exists(under(byPath))) {
                    return LegDisk.attached(leg, byPath);
                }
                if (disks == null) {
                    disks = listedDisks();
                }
                for (AttachedDisk disk : disks) {
                    if (disk.targetIqn().equals(iqn) && portal.equals(disk.portal()) && disk.lun() == 0
                            && Files.exists(under(disk.devicePath()))) {
                        return LegDisk.attached(leg, disk.devicePath());
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    return LegDisk.missing(leg, "logged in to " + iqn + " on " + portal + " but no disk appeared within "
                            + diskWait.toMillis() + " ms");
                }
                try {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NodeException("interrupted while waiting for the disk of " + iqn, e);
                }
                disks = null;
            }
        }
    }

    /** The record made or found, set up, and the login; returns why the leg cannot be used, or null. */
    private String login(DlvLayout.Leg leg, String iqn, String ip, int port) throws NodeException {
        CommandResult shown = run(IscsiadmCommands.showNode(iqn, ip, port));
        if (shown.exitCode() == IscsiadmCommands.NO_OBJECTS_EXIT) {
            DmDevices.check(run(IscsiadmCommands.newNode(iqn, ip, port)));
        } else {
            DmDevices.check(shown);
        }
        update(IscsiadmCommands.replacementTimeout(iqn, ip, port, IscsiadmCommands.DEFAULT_REPLACEMENT_TIMEOUT_SECONDS));
        update(IscsiadmCommands.manualStartup(iqn, ip, port));
        for (List<String> command : IscsiadmCommands.quickLoginFailure(iqn, ip, port)) {
            update(command);
        }
        if (leg.chapUser() != null && leg.chapPassword() != null) {
            for (List<String> command : IscsiadmCommands.chap(iqn, ip, port, leg.chapUser(), leg.chapPassword())) {
                update(command);
            }
        } else {
            update(IscsiadmCommands.noChap(iqn, ip, port));
        }
        CommandResult login;
        try {
            login = run(IscsiadmCommands.login(iqn, ip, port));
        } catch (NodeException e) {
            return e.getMessage();
        }
        if (!login.succeeded() && login.exitCode() != IscsiadmCommands.SESSION_EXISTS_EXIT) {
            return login.failureMessage();
        }
        return null;
    }

    /**
     * Whether the leg's disk carries I/O now: its SCSI device state is {@code running}, not
     * {@code blocked} (its session is recovering), {@code transport-offline} (the session's
     * replacement timeout passed) or {@code offline}. A mirror may take a leg back only then: a
     * suspend of the mirror waits for every I/O in flight, so one on a stalled disk would hold the
     * dlv's I/O until the session recovers or gives up.
     */
    boolean carriesIo(LegDisk disk) {
        if (disk.isMissing()) {
            return false;
        }
        try {
            String name = under(disk.disk()).toRealPath().getFileName().toString();
            Path state = root.resolve("sys/class/block").resolve(name).resolve("device/state");
            return "running".equals(Files.readString(state).trim());
        } catch (IOException e) {
            return false;
        }
    }

    /** Logged out and the node record deleted; either being absent already is success. */
    void detach(DlvLayout.Leg leg) throws NodeException {
        String iqn = KernelNames.legTargetIqn(leg.leg());
        runAll(List.of(IscsiadmCommands.logout(iqn, leg.address(), leg.port()),
                IscsiadmCommands.deleteNode(iqn, leg.address(), leg.port())));
    }

    /** The sessions and node records of a leg a repair replaced, on whatever portal they were. */
    void detachReplaced(String leg) throws NodeException {
        String iqn = KernelNames.legTargetIqn(leg);
        runAll(List.of(IscsiadmCommands.logoutTarget(iqn), IscsiadmCommands.deleteTargetNodes(iqn)));
    }

    private void runAll(List<List<String>> commands) throws NodeException {
        for (List<String> command : commands) {
            CommandResult result = run(command);
            if (!result.succeeded() && result.exitCode() != IscsiadmCommands.NO_OBJECTS_EXIT) {
                throw new NodeException(result.failureMessage());
            }
        }
    }

    private List<AttachedDisk> listedDisks() throws NodeException {
        CommandResult result = runner.run(IscsiadmCommands.sessionDisks());
        return result.succeeded() ? IscsiadmCommands.parseAttachedDisks(result.stdout()) : List.of();
    }

    private void update(List<String> command) throws NodeException {
        CommandResult result = run(command);
        if (!result.succeeded()) {
            // the command line may carry the CHAP secret
            CommandResult shown = new CommandResult(IscsiadmCommands.redacted(command), result.exitCode(),
                    result.stdout(), result.stderr());
            throw new NodeException(shown.failureMessage());
        }
    }

    /** The command, run again (after a growing pause) while it fails only because another walk raced it. */
    private CommandResult run(List<String> command) throws NodeException {
        for (int attempt = 1;; attempt++) {
            CommandResult result = runner.run(command);
            if (result.exitCode() != IscsiadmCommands.DATABASE_EXIT || !IscsiadmCommands.walksNodeDatabase(command)
                    || attempt == DATABASE_ATTEMPTS) {
                return result;
            }
            LOG.info("{} (attempt {} of {}): {}", String.join(" ", IscsiadmCommands.redacted(command)), attempt,
                    DATABASE_ATTEMPTS, result.stderr().trim());
            try {
                Thread.sleep(POLL_INTERVAL.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeException("interrupted while running " + String.join(" ",
                        IscsiadmCommands.redacted(command)) + " again", e);
            }
        }
    }

    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
