package org.dlvm.node.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ihost's kernel and tools as far as the assembler sees them: dmsetup (devices, tables in the
 * kernel's form, thin-pool metadata with its transaction id) and iscsiadm (node records,
 * sessions, disks), with the sysfs files and device links a real kernel and udev would make under
 * {@code root}. Every command is recorded; failures can be scripted.
 */
final class FakeIhostKernel implements CommandRunner {
    static final String EXISTS = "File exists";

    /** One dm device: its live and inactive tables, both in the kernel's form. */
    static final class Device {
        final String name;
        final int minor;
        String table;
        String inactive;
        boolean suspended;

        Device(String name, int minor, String table) {
            this.name = name;
            this.minor = minor;
            this.table = table;
        }

        String number() {
            return "254:" + minor;
        }
    }

    /** Thin metadata: kept on the "legs", so it outlives the pool device. */
    static final class PoolMetadata {
        long transactionId;
        final Set<Long> thins = new TreeSet<>();
        /** a metadata snapshot is held (reserve_metadata_snap until release_metadata_snap) */
        boolean metadataSnap;
        /** thin id -> the blocks it maps, as thin_dump would show them (origin_begin, length) */
        final Map<Long, List<long[]>> mappings = new HashMap<>();
    }

    /** A create_snap as the pool saw it: were the origin's thin device and the user's device suspended? */
    record Snap(String pool, long thinId, long originId, boolean thinSuspended, boolean userDeviceSuspended) {
    }

    private record Session(int sid, String iqn, String address, int port, String disk) {
    }

    final Path root;
    final List<List<String>> commands = new ArrayList<>();
    final Map<String, Device> devices = new LinkedHashMap<>();
    final Map<String, PoolMetadata> poolMetadata = new HashMap<>();
    final List<Snap> snaps = new ArrayList<>();
    final Set<String> nodeRecords = new HashSet<>();
    final Map<String, Map<String, String>> nodeSettings = new HashMap<>();
    /** Targets whose login fails as when the dpv is down. */
    final Set<String> unreachableTargets = new HashSet<>();
    /** Targets whose login succeeds but whose disk never appears. */
    final Set<String> disklessTargets = new HashSet<>();
    /** A command whose argv contains all of these words fails with the given stderr (once). */
    final Map<List<String>, String> failures = new LinkedHashMap<>();
    /**
     * A command whose argv contains all of these words fails this many times more, before doing
     * anything, as iscsiadm fails when another one deletes a record while it walks the database.
     */
    final Map<List<String>, Integer> databaseRaces = new LinkedHashMap<>();
    static final String DATABASE_RACE = "iscsiadm: Could not execute operation on all records: encountered iSCSI database failure\n";
    /**
     * Devices that dmsetup's listing still names but that are gone when it asks for their status
     * (removed in between): {@code status --target} prints the others and fails with exit 1.
     */
    final Set<String> vanishingAtStatus = new HashSet<>();
    /** With udev: the by-path links exist. Without: only the disks (as in the lab). */
    boolean udev = true;
    private final List<Session> sessions = new ArrayList<>();
    private final Map<String, String> diskNumbers = new HashMap<>();
    private int nextMinor;
    private int nextSid = 1;
    private int nextDisk;

    FakeIhostKernel(Path root) {
        this.root = root;
    }

    @Override
    public CommandResult run(List<String> command) {
        commands.add(command);
        for (Map.Entry<List<String>, String> failure : failures.entrySet()) {
            if (command.containsAll(failure.getKey())) {
                failures.remove(failure.getKey());
                return result(command, 1, "", failure.getValue());
            }
        }
        for (Map.Entry<List<String>, Integer> race : databaseRaces.entrySet()) {
            if (command.containsAll(race.getKey()) && race.getValue() > 0) {
                race.setValue(race.getValue() - 1);
                return result(command, IscsiadmCommands.DATABASE_EXIT, "", DATABASE_RACE);
            }
        }
        try {
            return switch (command.get(0)) {
                case "dmsetup" -> dmsetup(command);
                case "iscsiadm" -> iscsiadm(command);
                case "thin_dump" -> thinDump(command);
                default -> throw new AssertionError("unexpected command " + command);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commands run so far whose argv starts with these words. */
    List<List<String>> ran(String... prefix) {
        return commands.stream().filter(c -> c.size() >= prefix.length && c.subList(0, prefix.length)
                .equals(List.of(prefix))).toList();
    }

    /** dmsetup commands that change something, as "<verb> <name>" (message: "<verb> <name> <message>"). */
    List<String> dmChanges() {
        List<String> changes = new ArrayList<>();
        for (List<String> c : commands) {
            if (c.get(0).equals("dmsetup") && !List.of("ls", "table", "status").contains(c.get(1))) {
                changes.add(c.get(1) + " " + c.get(2) + (c.get(1).equals("message") ? " " + c.get(4) : ""));
            }
        }
        return changes;
    }

    void clearRecord() {
        commands.clear();
    }

    // ---- dmsetup ------------------------------------------------------------------------------

    private CommandResult dmsetup(List<String> c) throws IOException {
        String verb = c.get(1);
        if (verb.equals("ls")) {
            StringBuilder out = new StringBuilder();
            devices.values().forEach(d -> out.append(d.name).append("\t(").append(d.number()).append(")\n"));
            return ok(c, devices.isEmpty() ? "No devices found\n" : out.toString());
        }
        if (verb.equals("status") && (c.size() == 2 || c.get(2).equals("--target"))) {
            String target = c.size() > 3 ? c.get(3) : null;
            StringBuilder out = new StringBuilder();
            devices.values().stream().filter(d -> target == null || d.table.split(" ")[2].equals(target))
                    .filter(d -> !vanishingAtStatus.contains(d.name))
                    .forEach(d -> out.append(d.name).append(": ").append(status(d)).append('\n'));
            if (devices.keySet().stream().anyMatch(vanishingAtStatus::contains)) {
                return result(c, 1, out.toString(), "Device does not exist.\nCommand failed.\n");
            }
            return ok(c, out.length() == 0 ? "No devices found\n" : out.toString());
        }
        String name = c.get(2);
        Device device = devices.get(name);
        if (device == null && !verb.equals("create")) {
            return result(c, 1, "", "Device does not exist.\nCommand failed.\n");
        }
        switch (verb) {
            case "table":
                // the kernel leaves a blank after a thin-pool's feature count
                return ok(c, device.table + (device.table.contains("thin-pool") ? " \n" : "\n"));
            case "status":
                return ok(c, status(device) + "\n");
            case "create": {
                if (device != null) {
                    return result(c, 1, "", "device-mapper: create ioctl on " + name + " failed: Device or resource busy\n");
                }
                String table = kernelForm(tableOf(c));
                if (table == null) {
                    return result(c, 1, "", "device-mapper: reload ioctl on " + name + " failed: No such device or address\n");
                }
                String thinFault = thinFault(table);
                if (thinFault != null) {
                    return result(c, 1, "", thinFault);
                }
                Device created = new Device(name, nextMinor++, table);
                devices.put(name, created);
                String[] f = table.split(" ");
                for (int p = 5; f[2].equals("raid") && p < 5 + Integer.parseInt(f[4]); p++) {
                    if (f[p].equals("rebuild")) {
                        rebuilding.computeIfAbsent(name, k -> new TreeSet<>()).add(Integer.parseInt(f[p + 1]));
                    }
                }
                if (table.contains(" thin-pool ")) {
                    poolMetadata.computeIfAbsent(name, n -> new PoolMetadata());
                }
                Path block = root.resolve("sys/block/dm-" + created.minor);
                Files.createDirectories(block.resolve("dm"));
                Files.writeString(block.resolve("dm/name"), name + "\n");
                Files.writeString(block.resolve("dev"), created.number() + "\n");
                Files.createDirectories(root.resolve("dev/mapper"));
                Files.writeString(root.resolve("dev/mapper/" + name), "");
                return ok(c, "");
            }
            case "load": {
                String table = kernelForm(tableOf(c));
                if (table == null) {
                    return result(c, 1, "", "device-mapper: reload ioctl on " + name + " failed: No such device or address\n");
                }
                device.inactive = table;
                return ok(c, "");
            }
            case "suspend":
                device.suspended = true;
                return ok(c, "");
            case "resume":
                if (device.inactive != null) {
                    returningLegsLoadFailed(device);
                    device.table = device.inactive;
                    device.inactive = null;
                } else {
                    // dm-raid's second resume tries its failed legs again: the fake's come back
                    deadLegs.remove(name);
                }
                device.suspended = false;
                return ok(c, "");
            case "remove": {
                for (Device other : devices.values()) {
                    if (List.of(other.table.split("[ \n]")).contains(device.number())) {
                        return result(c, 1, "", "device-mapper: remove ioctl on " + name
                                + "  failed: Device or resource busy\nCommand failed.\n");
                    }
                }
                devices.remove(name);
                Path block = root.resolve("sys/block/dm-" + device.minor);
                Files.delete(block.resolve("dm/name"));
                Files.delete(block.resolve("dm"));
                Files.delete(block.resolve("dev"));
                Files.delete(block);
                Files.delete(root.resolve("dev/mapper/" + name));
                return ok(c, "");
            }
            case "message":
                return message(c, device, c.get(4));
            default:
                throw new AssertionError("unexpected dmsetup command " + c);
        }
    }

    private String tableOf(List<String> c) throws IOException {
        if (c.get(3).equals("--table")) {
            return c.get(4);
        }
        return Files.readString(Path.of(c.get(3))).trim();
    }

    /** Devices as major:minor, and dm-raid's option order: nosync right after the chunk size. */
    private String kernelForm(String table) {
        List<String> lines = new ArrayList<>();
        for (String line : table.split("\n")) {
            List<String> f = new ArrayList<>(List.of(line.trim().split(" +")));
            for (int i = 0; i < f.size(); i++) {
                if (f.get(i).startsWith("/")) {
                    String number = numberOf(f.get(i));
                    if (number == null) {
                        return null;
                    }
                    f.set(i, number);
                }
            }
            if (f.get(2).equals("raid") && f.remove("nosync")) {
                f.add(6, "nosync");
            }
            lines.add(String.join(" ", f));
        }
        return String.join("\n", lines);
    }

    private String numberOf(String path) {
        if (path.startsWith("/dev/mapper/")) {
            Device d = devices.get(path.substring("/dev/mapper/".length()));
            return d == null ? null : d.number();
        }
        return diskNumbers.get(path);
    }

    /** A thin device needs its pool and its thin id in the pool's metadata. */
    private String thinFault(String table) {
        String[] f = table.split(" ");
        if (!f[2].equals("thin")) {
            return null;
        }
        Device pool = devices.values().stream().filter(d -> d.number().equals(f[3])).findFirst().orElseThrow();
        if (!poolMetadata.get(pool.name).thins.contains(Long.parseLong(f[4]))) {
            return "device-mapper: reload ioctl on x failed: No data available\nCommand failed.\n";
        }
        return null;
    }

    private String status(Device device) {
        String[] f = device.table.split(" ");
        if (f[2].equals("thin-pool")) {
            PoolMetadata meta = poolMetadata.get(device.name);
            return f[0] + " " + f[1] + " thin-pool " + meta.transactionId + " 11/1024 0/" + (Long.parseLong(f[1]) / 128)
                    + " - rw discard_passdown queue_if_no_space - 1024";
        }
        if (f[2].equals("raid")) {
            // <s> <l> raid raid1 <#params> <params...> <#legs> (<meta> <data>)...: a leg given as "- -" is missing
            int params = Integer.parseInt(f[4]);
            int legs = Integer.parseInt(f[5 + params]);
            StringBuilder health = new StringBuilder();
            Set<Integer> copying = rebuilding.getOrDefault(device.name, Set.of());
            for (int i = 0; i < legs; i++) {
                boolean missing = f[6 + params + 2 * i].equals("-");
                health.append(missing ? '-' : deadLegs.getOrDefault(device.name, Set.of()).contains(i) ? 'D'
                        : copying.contains(i) ? 'a' : 'A');
            }
            return f[0] + " " + f[1] + " raid raid1 " + legs + " " + health + " " + (copying.isEmpty() ? f[1] : "0") + "/"
                    + f[1] + (copying.isEmpty() ? " idle" : " recover") + " 0 0 -";
        }
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** mirror device → leg positions the "kernel" has failed (I/O errors), as dm-raid marks them 'D'. */
    private final Map<String, Set<Integer>> deadLegs = new HashMap<>();

    void failLeg(String mirrorDevice, int position) {
        deadLegs.computeIfAbsent(mirrorDevice, k -> new TreeSet<>()).add(position);
    }

    /**
     * As dm-raid does: a leg given back to a running mirror by a new table, which the other legs'
     * superblocks record as failed, starts failed ('D') until a later resume revives it.
     */
    private void returningLegsLoadFailed(Device mirror) {
        String[] live = mirror.table.split(" ");
        String[] next = mirror.inactive.split(" ");
        if (!live[2].equals("raid") || !next[2].equals("raid")) {
            return;
        }
        int liveParams = Integer.parseInt(live[4]);
        int params = Integer.parseInt(next[4]);
        int legs = Integer.parseInt(next[5 + params]);
        Integer rebuild = null;
        for (int p = 5; p < 5 + params; p++) {
            if (next[p].equals("rebuild")) {
                rebuild = Integer.parseInt(next[p + 1]);
            }
        }
        for (int i = 0; i < legs; i++) {
            boolean wasMissing = live[6 + liveParams + 2 * i].equals("-");
            boolean missing = next[6 + params + 2 * i].equals("-");
            if (missing) {
                // a slot given as "- -" holds no device: nothing of it is failed or copied any more
                deadLegs.getOrDefault(mirror.name, new TreeSet<>()).remove(i);
                rebuilding.getOrDefault(mirror.name, new TreeSet<>()).remove(i);
            } else if (rebuild != null && rebuild == i) {
                rebuilding.computeIfAbsent(mirror.name, k -> new TreeSet<>()).add(i);
            } else if (wasMissing) {
                failLeg(mirror.name, i);
            }
        }
    }

    /** mirror device → leg positions being copied whole (a table's {@code rebuild}), 'a' until {@link #rebuilt}. */
    private final Map<String, Set<Integer>> rebuilding = new HashMap<>();

    /** dm-raid finished copying the mirror's rebuilt legs. */
    void rebuilt(String mirrorDevice) {
        rebuilding.remove(mirrorDevice);
    }

    /** thin_dump --metadata-snap --dev-id ID PMETA: the pool behind that metadata device, from its metadata snapshot. */
    private CommandResult thinDump(List<String> c) {
        String pmeta = c.get(c.size() - 1).substring(KernelNames.MAPPER_DIR.length());
        long id = Long.parseLong(c.get(c.indexOf("--dev-id") + 1));
        String poolName = pmeta.replaceAll("pmeta$", "pool");
        PoolMetadata meta = poolMetadata.get(poolName);
        if (meta == null || !c.contains("--metadata-snap") || !meta.metadataSnap) {
            return result(c, 1, "", "bad checksum in superblock\n");
        }
        StringBuilder xml = new StringBuilder("<superblock uuid=\"\" time=\"1\" transaction=\"" + meta.transactionId
                + "\" flags=\"0\" version=\"2\" data_block_size=\"128\" nr_data_blocks=\"1024\">\n");
        if (meta.thins.contains(id)) {
            xml.append("  <device dev_id=\"").append(id).append("\" mapped_blocks=\"0\" transaction=\"0\" creation_time=\"0\""
                    + " snap_time=\"1\">\n");
            for (long[] r : meta.mappings.getOrDefault(id, List.of())) {
                xml.append(r[1] == 1 ? "    <single_mapping origin_block=\"" + r[0] + "\" data_block=\"7\" time=\"0\"/>\n"
                        : "    <range_mapping origin_begin=\"" + r[0] + "\" data_begin=\"9\" length=\"" + r[1]
                                + "\" time=\"0\"/>\n");
            }
            xml.append("  </device>\n");
        }
        return ok(c, xml.append("</superblock>\n").toString());
    }

    private CommandResult message(List<String> c, Device pool, String message) {
        PoolMetadata meta = poolMetadata.get(pool.name);
        String[] m = message.split(" ");
        String failed = "device-mapper: message ioctl on " + pool.name + "  failed: ";
        switch (m[0]) {
            case "create_thin":
                if (!meta.thins.add(Long.parseLong(m[1]))) {
                    return result(c, 1, "", failed + EXISTS + "\nCommand failed.\n");
                }
                return ok(c, "");
            case "create_snap": {
                long id = Long.parseLong(m[1]);
                long origin = Long.parseLong(m[2]);
                if (!meta.thins.contains(origin)) {
                    return result(c, 1, "", failed + "No data available\nCommand failed.\n");
                }
                if (!meta.thins.add(id)) {
                    return result(c, 1, "", failed + EXISTS + "\nCommand failed.\n");
                }
                boolean thinSuspended = devices.values().stream()
                        .filter(d -> d.table.matches("0 \\d+ thin " + pool.number() + " " + origin))
                        .allMatch(d -> d.suspended);
                boolean userSuspended = devices.values().stream().filter(d -> d.table.contains(" striped "))
                        .allMatch(d -> d.suspended);
                snaps.add(new Snap(pool.name, id, origin, thinSuspended, userSuspended));
                return ok(c, "");
            }
            case "delete":
                if (!meta.thins.remove(Long.parseLong(m[1]))) {
                    return result(c, 1, "", failed + "No data available\nCommand failed.\n");
                }
                return ok(c, "");
            case "reserve_metadata_snap":
                if (meta.metadataSnap) {
                    return result(c, 1, "", failed + "Device or resource busy\nCommand failed.\n");
                }
                meta.metadataSnap = true;
                return ok(c, "");
            case "release_metadata_snap":
                if (!meta.metadataSnap) {
                    return result(c, 1, "", failed + "Invalid argument\nCommand failed.\n");
                }
                meta.metadataSnap = false;
                return ok(c, "");
            case "set_transaction_id":
                if (Long.parseLong(m[1]) != meta.transactionId) {
                    return result(c, 1, "", failed + "Invalid argument\nCommand failed.\n");
                }
                meta.transactionId = Long.parseLong(m[2]);
                return ok(c, "");
            default:
                throw new AssertionError("unexpected message " + message);
        }
    }

    // ---- iscsiadm -----------------------------------------------------------------------------

    private CommandResult iscsiadm(List<String> c) throws IOException {
        if (c.get(2).equals("session")) {
            if (sessions.isEmpty()) {
                return result(c, 21, "", "iscsiadm: No active sessions.\n");
            }
            StringBuilder out = new StringBuilder();
            if (c.contains("-P")) {
                out.append("iSCSI Transport Class version 2.0-870\nversion 2.1.8\n");
                for (Session s : sessions) {
                    out.append("Target: ").append(s.iqn).append(" (non-flash)\n")
                            .append("\tCurrent Portal: ").append(s.address).append(':').append(s.port).append(",1\n")
                            .append("\tPersistent Portal: ").append(s.address).append(':').append(s.port).append(",1\n")
                            .append("\t\tSID: ").append(s.sid).append('\n')
                            .append("\t\tHost Number: ").append(s.sid + 1).append("\tState: running\n")
                            .append("\t\tscsi").append(s.sid + 1).append(" Channel 00 Id 0 Lun: 0\n");
                    if (s.disk != null) {
                        out.append("\t\t\tAttached scsi disk ").append(s.disk).append("\t\tState: running\n");
                    }
                }
            } else {
                for (Session s : sessions) {
                    out.append("tcp: [").append(s.sid).append("] ").append(s.address).append(':').append(s.port)
                            .append(",1 ").append(s.iqn).append(" (non-flash)\n");
                }
            }
            return ok(c, out.toString());
        }
        String iqn = c.get(c.indexOf("-T") + 1);
        if (!c.contains("-p")) {
            return everyPortalOf(c, iqn);
        }
        String portal = c.get(c.indexOf("-p") + 1);
        String address = portal.substring(0, portal.lastIndexOf(':'));
        int port = Integer.parseInt(portal.substring(portal.lastIndexOf(':') + 1));
        String record = iqn + "," + portal;
        if (c.contains("-o")) {
            switch (c.get(c.indexOf("-o") + 1)) {
                case "show":
                    return nodeRecords.contains(record) ? ok(c, "node.name = " + iqn + "\n")
                            : result(c, 21, "", "iscsiadm: No records found\n");
                case "new":
                    nodeRecords.add(record);
                    return ok(c, "New iSCSI node [tcp:[hw=,ip=,net_if=,iscsi_if=default] " + portal + ",-1 " + iqn
                            + "] added\n");
                case "delete":
                    if (!nodeRecords.remove(record)) {
                        return result(c, 21, "", "iscsiadm: No records found\n");
                    }
                    nodeSettings.remove(record);
                    return ok(c, "");
                default:
                    throw new AssertionError("unexpected iscsiadm command " + c);
            }
        }
        if (c.contains("--op")) {
            if (!nodeRecords.contains(record)) {
                return result(c, 21, "", "iscsiadm: No records found\n");
            }
            nodeSettings.computeIfAbsent(record, r -> new HashMap<>()).put(c.get(c.indexOf("-n") + 1),
                    c.get(c.indexOf("-v") + 1));
            return ok(c, "");
        }
        if (c.contains("--login")) {
            if (!nodeRecords.contains(record)) {
                return result(c, 21, "", "iscsiadm: No records found\n");
            }
            if (sessions.stream().anyMatch(s -> s.iqn.equals(iqn) && s.address.equals(address) && s.port == port)) {
                return result(c, 15, "", "iscsiadm: default: 1 session requested, but 1 already present.\n");
            }
            if (unreachableTargets.contains(iqn)) {
                return result(c, 8, "Logging in to [iface: default, target: " + iqn + ", portal: " + address + "," + port
                        + "]\n", "iscsiadm: Could not login to [iface: default, target: " + iqn + ", portal: " + address
                        + "," + port + "].\niscsiadm: initiator reported error (8 - connection timed out)\n");
            }
            String disk = null;
            if (!disklessTargets.contains(iqn)) {
                disk = "sd" + (char) ('b' + nextDisk);
                String number = "8:" + (16 * (nextDisk + 1));
                nextDisk++;
                Files.createDirectories(root.resolve("sys/class/block/" + disk + "/device"));
                Files.writeString(root.resolve("sys/class/block/" + disk + "/dev"), number + "\n");
                Files.writeString(root.resolve("sys/class/block/" + disk + "/device/state"), "running\n");
                Files.createDirectories(root.resolve("dev"));
                Files.writeString(root.resolve("dev/" + disk), "");
                diskNumbers.put("/dev/" + disk, number);
                String byPath = IscsiadmCommands.byPathDevice(address, port, iqn);
                diskNumbers.put(byPath, number);
                if (udev) {
                    Path link = root.resolve(byPath.substring(1));
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of("../../" + disk));
                }
            }
            sessions.add(new Session(nextSid++, iqn, address, port, disk));
            return ok(c, "Login to [iface: default, target: " + iqn + ", portal: " + address + "," + port
                    + "] successful.\n");
        }
        if (c.contains("--logout")) {
            Session session = sessions.stream().filter(s -> s.iqn.equals(iqn) && s.address.equals(address)
                    && s.port == port).findFirst().orElse(null);
            if (session == null) {
                return result(c, 21, "", "iscsiadm: No matching sessions found\n");
            }
            sessions.remove(session);
            if (session.disk != null) {
                Files.deleteIfExists(root.resolve(IscsiadmCommands.byPathDevice(address, port, iqn).substring(1)));
                Files.delete(root.resolve("dev/" + session.disk));
                Files.delete(root.resolve("sys/class/block/" + session.disk + "/dev"));
                Files.delete(root.resolve("sys/class/block/" + session.disk + "/device/state"));
                Files.delete(root.resolve("sys/class/block/" + session.disk + "/device"));
                Files.delete(root.resolve("sys/class/block/" + session.disk));
            }
            return ok(c, "Logout of [sid: " + session.sid + "] successful.\n");
        }
        throw new AssertionError("unexpected iscsiadm command " + c);
    }

    /** A node command by target alone: every session (logout) or record (delete) of it, on whatever portal. */
    private CommandResult everyPortalOf(List<String> c, String iqn) throws IOException {
        if (c.contains("--logout")) {
            List<Session> of = sessions.stream().filter(s -> s.iqn.equals(iqn)).toList();
            if (of.isEmpty()) {
                return result(c, 21, "", "iscsiadm: No matching sessions found\n");
            }
            for (Session s : of) {
                CommandResult one = iscsiadm(List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", s.address + ":" + s.port,
                        "--logout"));
                if (!one.succeeded()) {
                    return one;
                }
            }
            return ok(c, "");
        }
        if (c.contains("-o") && c.get(c.indexOf("-o") + 1).equals("delete")) {
            List<String> of = nodeRecords.stream().filter(r -> r.startsWith(iqn + ",")).toList();
            if (of.isEmpty()) {
                return result(c, 21, "", "iscsiadm: No records found\n");
            }
            of.forEach(r -> {
                nodeRecords.remove(r);
                nodeSettings.remove(r);
            });
            return ok(c, "");
        }
        throw new AssertionError("unexpected iscsiadm command " + c);
    }

    /** The SCSI state of the disk of the session to this target ("running", "transport-offline"...). */
    void diskState(String targetIqn, String state) throws IOException {
        Session session = sessions.stream().filter(s -> s.iqn.equals(targetIqn)).findFirst().orElseThrow();
        Files.writeString(root.resolve("sys/class/block/" + session.disk + "/device/state"), state + "\n");
    }

    int sessionCount() {
        return sessions.size();
    }

    private static CommandResult ok(List<String> c, String out) {
        return result(c, 0, out, "");
    }

    private static CommandResult result(List<String> c, int exit, String out, String err) {
        return new CommandResult(c, exit, out, err);
    }
}
