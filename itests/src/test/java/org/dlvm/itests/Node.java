package org.dlvm.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One DLVM node: its own unpacked copy of the distribution, its own configuration and ports,
 * run as a separate JVM ({@code bin/karaf server}) exactly as an operator would run it.
 */
final class Node {
    final String name;
    final Path home;
    final int sshPort;
    private Process process;

    private Node(String name, Path home, int sshPort) {
        this.name = name;
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Unpacks the distribution for this node and writes its configuration. */
    static Node create(String name, int portBase, Map<String, String> nodeConfig, Map<String, Map<String, String>> otherConfig)
            throws Exception {
        Path root = Path.of(System.getProperty("dlvm.nodes", "target/nodes"), name);
        deleteTree(root);
        Files.createDirectories(root);
        run(root.toFile(), "tar", "xzf", System.getProperty("dlvm.distribution"), "--strip-components=1");
        Node node = new Node(name, root, portBase + 1);
        StringBuilder cfg = new StringBuilder("name = " + name + "\n");
        nodeConfig.forEach((k, v) -> cfg.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(root.resolve("etc/org.dlvm.node.cfg"), cfg.toString());
        node.put("org.apache.karaf.shell.cfg", Map.of("sshPort", String.valueOf(node.sshPort)));
        node.put("org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", String.valueOf(portBase + 2),
                "rmiServerPort", String.valueOf(portBase + 3)));
        for (Map.Entry<String, Map<String, String>> e : otherConfig.entrySet()) {
            node.put(e.getKey(), e.getValue());
        }
        return node;
    }

    /** Replaces or appends keys of a .cfg file in etc/. */
    void put(String file, Map<String, String> values) throws IOException {
        Path p = home.resolve("etc").resolve(file);
        List<String> lines = Files.exists(p) ? new ArrayList<>(Files.readAllLines(p)) : new ArrayList<>();
        for (Map.Entry<String, String> kv : values.entrySet()) {
            lines.removeIf(l -> l.matches("\\s*" + java.util.regex.Pattern.quote(kv.getKey()) + "\\s*[=:].*"));
            lines.add(kv.getKey() + " = " + kv.getValue());
        }
        Files.write(p, lines, StandardCharsets.UTF_8);
    }

    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_MAX_MEM", "512m");
        // e.g. a flight recording of a benchmark's controller: -Dnode.java.opts=-XX:StartFlightRecording=...
        String extra = System.getProperty("node.java.opts");
        if (extra != null && !extra.isBlank()) {
            pb.environment().put("EXTRA_JAVA_OPTS", extra);
        }
        process = pb.start();
    }

    /** A clean stop: agents say goodbye, the broker and database close. */
    void stop() throws Exception {
        if (process == null) {
            return;
        }
        // bin/karaf is a shell script: the JVM is its child, and SIGTERM to the JVM is Karaf's clean shutdown
        List<ProcessHandle> jvms = jvms();
        jvms.forEach(ProcessHandle::destroy);
        for (ProcessHandle jvm : jvms) {
            try {
                jvm.onExit().get(90, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                jvm.destroyForcibly();
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (jvms.stream().anyMatch(ProcessHandle::isAlive)) {
            throw new IllegalStateException("node " + name + " did not stop");
        }
    }

    /** The node dies: no goodbye, no clean shutdown. */
    void kill() throws Exception {
        if (process != null) {
            jvms().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The node's JVMs: the launcher script's children and any JVM running from this node's directory. The script
     * starts a new JVM when the old one exits to restart (code 10); one started between a look at the children and
     * their end escaped a stop once and kept answering on the node's ports after the node was stopped.
     */
    private List<ProcessHandle> jvms() {
        String marker = "-Dkaraf.home=" + realHome();
        java.util.Set<ProcessHandle> found = new java.util.LinkedHashSet<>(process.descendants().toList());
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> java.util.Arrays.asList(args).contains(marker)).orElse(false))
                .forEach(found::add);
        return List.copyOf(found);
    }

    private String realHome() {
        try {
            return home.toRealPath().toString();
        } catch (IOException e) {
            return home.toAbsolutePath().normalize().toString();
        }
    }

    /** The process ids of the node's JVM (the launcher script's children). */
    List<Long> jvmPids() {
        return process == null ? List.of() : jvms().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }

    /** The node's JVM (not just its launcher script) is running. */
    boolean isAlive() {
        return process != null && jvms().stream().anyMatch(ProcessHandle::isAlive);
    }

    /** Runs a Karaf shell command on this node through bin/client (ssh) and returns its output. */
    String shell(String command) throws Exception {
        return run(home.toFile(), home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort), "-u", "karaf",
                "-p", adminPassword(), "-r", "5", "-d", "2", command);
    }

    /** The password of user karaf, which the node made at its first start (waits for it, up to two minutes). */
    String adminPassword() throws Exception {
        return awaitSecret(home.resolve("etc/dlvm-secrets/karaf.password"));
    }

    /** The password of the controllers' broker account, made at the first start of a controller that runs the broker. */
    String controllerBrokerPassword() throws Exception {
        return awaitSecret(home.resolve("etc/dlvm-secrets/controller.broker.password"));
    }

    private static String awaitSecret(Path file) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            if (Files.exists(file)) {
                String secret = Files.readString(file).strip();
                if (!secret.isEmpty()) {
                    return secret;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(file + " did not appear: the node makes it at its first start");
            }
            Thread.sleep(200);
        }
    }

    /** Writes a secret where this node reads it (etc/dlvm-secrets/NAME), as an operator would, owner-only. */
    void putSecret(String name, String secret) throws IOException {
        ownerOnly(Files.writeString(secretsDir().resolve(name), secret + "\n"));
    }

    /** Copies a file (a keystore) to etc/dlvm-secrets/NAME, owner-only. */
    void putSecretFile(String name, Path from) throws IOException {
        ownerOnly(Files.copy(from, secretsDir().resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }

    private Path secretsDir() throws IOException {
        return Files.createDirectories(home.resolve("etc/dlvm-secrets"));
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Enrols this node on the controller behind {@code api} and gives its agents the password: the operator's two steps. */
    void enrolWith(Api api) throws Exception {
        putSecret("broker.password", api.enrol(name));
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static String run(File dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
