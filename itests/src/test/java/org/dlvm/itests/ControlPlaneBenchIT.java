package org.dlvm.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The control plane's throughput, printed, not asserted: a controller node of the distribution
 * (Derby and Artemis embedded, as shipped), a fleet of simulated dpv and ihost agents in this JVM
 * on its broker, and C REST clients each running create -> available -> delete -> gone cycles of
 * a stripe_number 2 dlv. Prints cycles per second, REST latencies and the controller's CPU per
 * cycle (from /proc). Run with {@code mvn -B verify -Pcontrol-plane-bench -pl itests}; sizes by
 * -Dbench.dpvs, -Dbench.clients (e.g. 1,8,32), -Dbench.seconds; -Dbench.prefill=N then creates N dlvs
 * that stay and runs the same rounds again (the large-system case).
 */
public class ControlPlaneBenchIT {
    private static final int DPVS = Integer.getInteger("bench.dpvs", 12);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int POLL_MILLIS = Integer.getInteger("bench.poll.millis", 50);
    /** dlvs created (and kept) after the rounds on the empty system, before the same rounds again. */
    private static final int PREFILL = Integer.getInteger("bench.prefill", 0);
    private static final Api api = new Api(9521, () -> ControlPlaneBenchIT.controller.adminPassword());
    private static Node controller;
    private static SimulatedAgentFleet fleet;

    @BeforeClass
    public static void fleet() throws Exception {
        controller = Node.create("bench-ctl", 18200, Map.of("roles", "controller", "driver", "sim"), Map.of(
                "org.dlvm.messaging.cfg", Map.of("worker.consumers", System.getProperty("bench.workers", "8"))));
        controller.put("org.ops4j.pax.logging.cfg", Map.of("log4j2.rootLogger.level", "WARN"));
        controller.start();
        api.await("/health", r -> r.status() == 200, Duration.ofMinutes(6));
        // the shipped heartbeat period: with many dpvs their heartbeats are a large part of the controller's work
        fleet = new SimulatedAgentFleet("tcp://127.0.0.1:61616", api, 5);
        api.post("/dvgs", "{\"name\":\"bench\"}");
        ExecutorService registering = Executors.newFixedThreadPool(16);
        List<Future<?>> registered = new ArrayList<>();
        for (int i = 1; i <= DPVS; i++) {
            String name = "bdpv" + i;
            String address = "10." + (1 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
            registered.add(registering.submit(() -> {
                fleet.dpv(name, 1L << 50, 0);
                new Api(9521, () -> controller.adminPassword()).post("/dpvs", "{\"name\":\"" + name + "\",\"address\":\"" + address + "\"}");
                return null;
            }));
        }
        for (Future<?> f : registered) {
            f.get();
        }
        registering.shutdown();
        fleet.ihost("bih1");
        api.post("/ihosts", "{\"name\":\"bih1\"}");
        for (int i = 1; i <= DPVS; i++) {
            String name = "bdpv" + i;
            api.await("/dpvs/" + name, r -> r.has("\"status\":\"available\""), Duration.ofMinutes(2));
            api.post("/dvgs/bench/extend", "{\"dpv\":\"" + name + "\"}");
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (controller != null) {
            controller.stop();
        }
    }

    /** The controller JVM's user + system CPU time in milliseconds (/proc/<pid>/stat, clock ticks of 10 ms). */
    private static long controllerCpuMillis() throws Exception {
        long total = 0;
        for (long pid : controller.jvmPids()) {
            String[] f = Files.readString(Path.of("/proc", String.valueOf(pid), "stat")).replaceAll("^.*\\) ", "").split(" ");
            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        }
        return total;
    }

    private record Round(int clients, int cycles, double seconds, long cpuMillis, List<Long> posts, List<Long> gets) {
    }

    @Test
    public void cyclesPerSecond() throws Exception {
        List<String> lines = new ArrayList<>();
        // what the controller spends with nothing to do (heartbeats, sweeps, the broker): part of every cycle's CPU
        long idle0 = controllerCpuMillis();
        Thread.sleep(10_000);
        lines.add(String.format("CONTROL_PLANE_BENCH idle controller_cpu=%.1fms/s (until %s)", (controllerCpuMillis() - idle0) / 10.0,
                java.time.Instant.now()));
        System.out.println(lines.get(0));
        // the controller's JIT compiles its hot paths in the first minutes; that work is not the cycles'
        Round warm = round(8, Integer.getInteger("bench.warmup.seconds", 30));
        System.out.println("CONTROL_PLANE_BENCH warm-up: " + warm.cycles() + " cycles");
        rounds(lines, "dlvs=0");
        if (PREFILL > 0) {
            long t0 = System.nanoTime();
            long failed = prefill(PREFILL);
            lines.add(String.format("CONTROL_PLANE_BENCH prefill: %d dlvs created in %.0f s, %d failed", PREFILL,
                    (System.nanoTime() - t0) / 1e9, failed));
            System.out.println(lines.get(lines.size() - 1));
            rounds(lines, "dlvs=" + PREFILL);
        }
        Files.writeString(Path.of("target", "control-plane-bench.txt"), String.join("\n", lines) + "\n");
    }

    /** The rounds of every client count, then the latency of the list answers a dashboard or Cinder asks for. */
    private void rounds(List<String> lines, String system) throws Exception {
        for (String c : System.getProperty("bench.clients", "1,8,32").split(",")) {
            Round r = round(Integer.parseInt(c.trim()), SECONDS);
            lines.add(String.format("CONTROL_PLANE_BENCH clients=%d cycles=%d rate=%.1f/s post_p50=%dms post_p99=%dms"
                    + " get_p50=%dms get_p99=%dms gets_per_cycle=%.1f controller_cpu=%.1fms/cycle dpvs=%d %s", r.clients(),
                    r.cycles(), r.cycles() / r.seconds(), pct(r.posts(), 50), pct(r.posts(), 99), pct(r.gets(), 50),
                    pct(r.gets(), 99), r.cycles() == 0 ? 0 : (double) r.gets().size() / r.cycles(),
                    r.cycles() == 0 ? 0 : (double) r.cpuMillis() / r.cycles(), DPVS, system));
            System.out.println(lines.get(lines.size() - 1));
        }
        for (String path : List.of("/dlvs", "/dpvs", "/operations")) {
            List<Long> took = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long s = System.nanoTime();
                api.get(path);
                took.add((System.nanoTime() - s) / 1_000_000);
            }
            lines.add(String.format("CONTROL_PLANE_BENCH GET %s (first page) p50=%dms p99=%dms %s", path, pct(took, 50),
                    pct(took, 99), system));
            System.out.println(lines.get(lines.size() - 1));
        }
    }

    /** Creates {@code count} dlvs that stay, 32 at a time, each waited for; answers how many failed. */
    private long prefill(int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            running.add(pool.submit(() -> {
                Api client = new Api(9521, () -> controller.adminPassword());
                List<Long> ignored = Collections.synchronizedList(new ArrayList<>());
                for (int n = next.incrementAndGet(); n <= count; n = next.incrementAndGet()) {
                    String name = "keep-" + n;
                    Api.Reply created = client.post("/dlvs", "{\"name\":\"" + name
                            + "\",\"size\":67108864,\"dvg\":\"bench\",\"stripe_number\":2}");
                    if (created.status() != 202 || !poll(client, name, "\"status\":\"available\"", ignored, 250)) {
                        failed.incrementAndGet();
                    }
                    ignored.clear();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return failed.get();
    }

    private Round round(int clients, int seconds) throws Exception {
        AtomicInteger names = new AtomicInteger();
        AtomicInteger cycles = new AtomicInteger();
        List<Long> posts = Collections.synchronizedList(new ArrayList<>());
        List<Long> gets = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long cpu0 = controllerCpuMillis();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                Api client = new Api(9521, () -> controller.adminPassword());
                while (System.nanoTime() < deadline) {
                    String name = "b" + clients + "-" + seconds + "-" + names.incrementAndGet();
                    long s = System.nanoTime();
                    Api.Reply created = client.post("/dlvs", "{\"name\":\"" + name
                            + "\",\"size\":67108864,\"dvg\":\"bench\",\"stripe_number\":2}");
                    posts.add((System.nanoTime() - s) / 1_000_000);
                    if (created.status() != 202) {
                        failures.incrementAndGet();
                        continue;
                    }
                    if (!poll(client, name, "\"status\":\"available\"", gets)) {
                        failures.incrementAndGet();
                        continue;
                    }
                    s = System.nanoTime();
                    Api.Reply deleted = client.delete("/dlvs/" + name);
                    posts.add((System.nanoTime() - s) / 1_000_000);
                    if (deleted.status() == 202 && poll(client, name, null, gets)) {
                        cycles.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (failures.get() > 0) {
            System.out.println("CONTROL_PLANE_BENCH clients=" + clients + " failed cycles: " + failures.get());
        }
        return new Round(clients, cycles.get(), elapsed, controllerCpuMillis() - cpu0, posts, gets);
    }

    /** Polls the dlv until its body has {@code fragment}, or until it is gone when the fragment is null. */
    private static boolean poll(Api client, String name, String fragment, List<Long> gets) throws Exception {
        return poll(client, name, fragment, gets, POLL_MILLIS);
    }

    private static boolean poll(Api client, String name, String fragment, List<Long> gets, int pollMillis)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            long s = System.nanoTime();
            Api.Reply r = client.get("/dlvs/" + name);
            gets.add((System.nanoTime() - s) / 1_000_000);
            if (fragment == null ? r.status() == 404 : r.has(fragment)) {
                return true;
            }
            if (r.has("\"status\":\"error\"")) {
                return false;
            }
            // what a client polling an operation does: not a busy loop, which would measure the polling
            Thread.sleep(pollMillis);
        }
        return false;
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
