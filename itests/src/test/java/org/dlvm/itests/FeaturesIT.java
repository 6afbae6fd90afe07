package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.NodePart;
import org.dlvm.api.NodeStatus;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The distribution's features installed from inside one Karaf, as the role installer or an
 * operator's {@code feature:install} would: each role feature alone, then the controller, then
 * every role together, then a shell command against the result.
 *
 * <p>The methods run in name order because {@code a_} must see a Karaf without the controller:
 * afterwards the agent features would find their dependencies already installed and "installs
 * on its own" would prove nothing, and taking the controller stack down again costs more than
 * the rest of the class. Every later method installs what it needs itself, so any one of them
 * can also run alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FeaturesIT {
    // Above anything a DLVM node or RegistrationIT uses (9521, 61616, 8101, 1099, 44444, 18100-18140).
    private static final int HTTP_PORT = 19521;
    private static final int BROKER_PORT = 19616;
    private static final int SSH_PORT = 19101;

    private static final String NODE = "exam1";
    private static final long SIM_VG_BYTES = 107374182400L;
    private static final String SIM_IQN = "iqn.2026-11.org.dlvm.sim:" + NODE;

    private static final String STORE = "dlvm-store";
    private static final String BROKER = "dlvm-broker";
    private static final String CONTROLLER = "dlvm-controller";
    private static final String DPV = "dlvm-dpv";
    private static final String IHOST = "dlvm-ihost";
    private static final String SHELL = "dlvm-shell";
    private static final String ALLINONE = "dlvm-allinone";
    /**
     * Once Artemis is in, a refresh rewires javax.transaction and OpenJPA loses it (STACK.md,
     * error 2): everything after the store goes in without refreshing, as the role installer does.
     */
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONTROLLER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    private FeaturesService features;

    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessions;

    // Installing features before the boot features are done would race Karaf's own provisioning.
    @Inject
    private BootFinished bootFinished;

    @Configuration
    public Option[] config() throws IOException, URISyntaxException {
        String karafVersion = required("karaf.version");
        File distribution = new File(required("dlvm.exam.distribution"));
        File examDir = new File("target/exam");
        // The runtime folder is kept for post-mortems (data/log/karaf.log); only the last run's is worth keeping.
        deleteTree(examDir.toPath());
        return options(
                karafDistributionConfiguration().frameworkUrl(distribution.toURI().toString()).name("DLVM")
                        .unpackDirectory(examDir).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // how long @Inject waits for a service: BootFinished takes longer than the default 10 s on two cores
                systemProperty("pax.exam.service.timeout").value("60000"),

                // No RMI ports here: Pax Exam writes free ones into etc/org.apache.karaf.management.cfg itself
                // (its remote bundle context goes through that registry) and overrides any set here.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT)),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT)),
                // the shipped broker configuration and security settings, on a port of the test's own
                replaceConfigurationFile("etc/artemis.xml", written("artemis.xml", Files.readString(Path.of("../etc/artemis.xml"))
                        .replace("tcp://0.0.0.0:61616", "tcp://127.0.0.1:" + BROKER_PORT))),
                // The accounts a controller's first start makes when its roles say so, made here: with roles = none the
                // role installer makes only the administrator, and these tests install the role features themselves.
                replaceConfigurationFile("etc/users.properties", written("users.properties",
                        Files.readString(Path.of("../etc/users.properties")) + "dlvm-controller = " + EXAM_SECRET
                                + ",dlvm-controller\nnode." + NODE + " = " + EXAM_SECRET + ",dlvm-node,node." + NODE + "\n")),
                replaceConfigurationFile("etc/dlvm-secrets/controller.broker.password", written("controller.broker.password", EXAM_SECRET)),
                replaceConfigurationFile("etc/dlvm-secrets/broker.password", written("broker.password", EXAM_SECRET)),
                editConfigurationFilePut("etc/org.dlvm.node.cfg", "broker.url", "tcp://127.0.0.1:" + BROKER_PORT),
                // "none" is no role: the role installer warns and installs only dlvm-shell, so the tests
                // decide which role features go in and when
                editConfigurationFilePut("etc/org.dlvm.node.cfg", "roles", "none"),
                editConfigurationFilePut("etc/org.dlvm.node.cfg", "driver", "sim"),
                editConfigurationFilePut("etc/org.dlvm.node.cfg", "name", NODE),

                // Every feature's bundles are in the distribution's system/ folder; Pax Exam's own come from
                // the local repository (the pom fetches them). Nothing may come from the network.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        required("dlvm.exam.localRepository")),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.offline", "true"),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),

                // What bin/karaf passes on Java 9+; Pax Exam's Karaf container no longer adds it (PAXEXAM-916).
                vmOptions("--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                        "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
    }

    /** Before anything else the node must have settled on its configuration: no role, only the shell. */
    @Before
    public void roleInstallerIsDone() throws Exception {
        String state = await("the role installer to finish", SERVICE_TIMEOUT, () -> {
            String s = nodePartState("roles");
            if (s == null || s.startsWith("planning") || s.startsWith("installing") || s.startsWith("uninstalling")) {
                throw new AssertionError("role installer: " + s);
            }
            return s;
        });
        assertEquals("roles = none installs the shell and nothing else", "installed " + SHELL, state);
    }

    @Test
    public void a_eachRoleFeatureInstallsAloneAndUninstalls() throws Exception {
        assertFalse("runs before the controller is installed (see the class comment)", installed(CONTROLLER));
        roleFeatureInstallsAndUninstalls(DPV, "dlvm-dpv-agent", "dpv-agent");
        roleFeatureInstallsAndUninstalls(IHOST, "dlvm-ihost-agent", "ihost-agent");

        // The role installer installed the shell at boot, but Karaf may have dropped that requirement again
        // (its resumed boot provisioning races the role installer), so only the bundle is sure to be there.
        if (installed(SHELL)) {
            features.uninstallFeature(SHELL);
        }
        features.installFeature(SHELL);
        assertTrue(SHELL + " installed", installed(SHELL));
        assertActive("dlvm-shell");
        assertDlvmBundlesActive();
        await("dlvm:dpv-list to be registered", SERVICE_TIMEOUT, () -> hasCommand("dlvm", "dpv-list") ? true : null);
        features.uninstallFeature(SHELL);
        assertFalse(SHELL + " uninstalled", installed(SHELL));
        assertNull("dlvm-shell bundle left behind", bundle("dlvm-shell"));
        assertFalse("dlvm:dpv-list still registered", hasCommand("dlvm", "dpv-list"));
        // back as the role installer had it
        features.installFeature(SHELL);
        assertActive("dlvm-shell");
    }

    private void roleFeatureInstallsAndUninstalls(String feature, String agentBundle, String partName) throws Exception {
        assertFalse(feature + " is not installed yet", installed(feature));
        Set<String> before = dlvmBundles();

        features.installFeature(feature);
        assertTrue(feature + " installed", installed(feature));
        assertActive(agentBundle);
        assertDlvmBundlesActive();
        // the agents take Artemis's client without artemis-common's transaction stack (feature.xml)
        assertEquals("transaction bundles that " + feature + " installed", List.of(), transactionBundles());
        await(partName + " NodePart", SERVICE_TIMEOUT, () -> nodePartState(partName));

        features.uninstallFeature(feature);
        assertFalse(feature + " uninstalled", installed(feature));
        assertEquals("the DLVM bundles after uninstalling " + feature, before, dlvmBundles());
        assertNull(partName + " NodePart still registered", nodePartState(partName));
    }

    @Test
    public void b_theControllerInstallsCleanly() throws Exception {
        ensureController();

        assertActive("org.apache.openjpa");
        assertDlvmBundlesActive();
        // by name: the probe need not wire to a javax.persistence exporter
        await("the EntityManagerFactory of persistence unit dlvm", CONTROLLER_TIMEOUT,
                () -> context.getServiceReferences("javax.persistence.EntityManagerFactory", "(osgi.unit.name=dlvm)"));
        for (String check : List.of("database", "broker")) {
            await("health check " + check + " without problem", CONTROLLER_TIMEOUT, () -> {
                List<String> problems = withServices(HealthCheck.class, h -> h.name().equals(check) ? h.problem() : null);
                List<String> names = withServices(HealthCheck.class, HealthCheck::name);
                if (!names.contains(check)) {
                    throw new AssertionError("no HealthCheck " + check + " among " + names);
                }
                if (!problems.isEmpty()) {
                    throw new AssertionError(check + ": " + problems);
                }
                return true;
            });
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/api/v1/health"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> reply = await("GET /api/v1/health to answer 200", CONTROLLER_TIMEOUT, () -> {
            HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(r.statusCode() + " " + r.body());
            }
            return r;
        });
        assertTrue(reply.body(), reply.body().contains("\"database\":\"ok\"") && reply.body().contains("\"broker\":\"ok\""));
    }

    @Test
    public void c_everyRoleTogether() throws Exception {
        ensureController();
        features.installFeatures(Set.of(DPV, IHOST), NO_REFRESH);
        assertTrue(installed(DPV) && installed(IHOST));
        assertActive("org.apache.openjpa");
        assertDlvmBundlesActive();
        await("both agents", SERVICE_TIMEOUT, () -> nodePartState("dpv-agent") != null && nodePartState("ihost-agent") != null
                ? true : null);

        registerNode();
        Dpv dpv = await("dpv " + NODE + " available with the simulated volume group", AGENT_TIMEOUT, () -> {
            Dpv d = withService(DpvService.class, s -> s.get(NODE));
            if (d.status() != NodeStatus.available || d.totalSize() != SIM_VG_BYTES) {
                throw new AssertionError(d);
            }
            return d;
        });
        assertEquals(SIM_VG_BYTES, dpv.totalSize());
        Ihost ihost = await("ihost " + NODE + " available with its initiator name", AGENT_TIMEOUT, () -> {
            Ihost i = withService(IhostService.class, s -> s.get(NODE));
            if (i.status() != NodeStatus.available || !SIM_IQN.equals(i.initiatorIqn())) {
                throw new AssertionError(i);
            }
            return i;
        });
        assertEquals(SIM_IQN, ihost.initiatorIqn());

        // Every role is in now, so the all-in-one feature must change nothing. Without NO_REFRESH it would not
        // be a no-op: Karaf would carry out the refreshes that Artemis left pending (JTA API, OpenJPA, pax-jdbc)
        // and the controller would lose its DataSource.
        List<String> changes = new ArrayList<>();
        SynchronousBundleListener recorder = e -> changes.add(e.getBundle().getSymbolicName() + " " + eventName(e));
        context.addBundleListener(recorder);
        try {
            features.installFeature(ALLINONE, NO_REFRESH);
        } finally {
            context.removeBundleListener(recorder);
        }
        assertTrue(ALLINONE + " installed", installed(ALLINONE));
        assertEquals("bundle events while installing " + ALLINONE, List.of(), changes);
        assertActive("org.apache.openjpa");
        assertDlvmBundlesActive();
    }

    @Test
    public void d_aShellCommandSeesTheController() throws Exception {
        ensureController();
        if (!installed(SHELL)) {
            features.installFeature(SHELL, NO_REFRESH);
        }
        registerNode();
        await("dlvm:dpv-list to be registered", SERVICE_TIMEOUT, () -> hasCommand("dlvm", "dpv-list") ? true : null);
        String out = shell("dlvm:dpv-list");
        assertTrue(out, out.contains(NODE));
    }

    // ---- the steps the tests share

    /** The controller as the role installer puts it in: the store alone first, then the rest without refreshing. */
    private void ensureController() throws Exception {
        if (installed(CONTROLLER) && installed(BROKER)) {
            return;
        }
        features.installFeature(STORE);
        assertActive("org.apache.openjpa");
        features.installFeatures(Set.of(BROKER, CONTROLLER), NO_REFRESH);
        assertTrue(installed(STORE) && installed(BROKER) && installed(CONTROLLER));
    }

    private void registerNode() throws Exception {
        await("DpvService and IhostService", SERVICE_TIMEOUT, () -> {
            withService(DpvService.class, s -> s.list().stream().anyMatch(d -> d.name().equals(NODE)) ? null
                    : s.register(NODE, null));
            withService(IhostService.class, s -> s.list().stream().anyMatch(i -> i.name().equals(NODE)) ? null
                    : s.register(NODE, null));
            return true;
        });
    }

    private boolean installed(String feature) throws Exception {
        return features.isInstalled(features.getFeature(feature));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private void assertActive(String symbolicName) {
        Bundle b = bundle(symbolicName);
        assertNotNull(symbolicName + " is installed", b);
        assertEquals(symbolicName + " is ACTIVE", "ACTIVE", state(b));
    }

    private List<String> transactionBundles() {
        List<String> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (location.contains("pax-transx") || location.contains("tx-control") || location.contains("transaction-api")
                    || location.contains("cdi-api")) {
                found.add(location);
            }
        }
        return found;
    }

    private Set<String> dlvmBundles() {
        Set<String> names = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("dlvm-")) {
                names.add(b.getSymbolicName());
            }
        }
        return names;
    }

    /** Every DLVM bundle active; a fragment (it never starts) attached to its host instead. */
    private void assertDlvmBundlesActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("dlvm-")) {
                continue;
            }
            boolean fragment = b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
            org.osgi.framework.wiring.BundleWiring wiring = b.adapt(org.osgi.framework.wiring.BundleWiring.class);
            boolean attached = fragment && wiring != null
                    && !wiring.getRequiredWires(org.osgi.framework.namespace.HostNamespace.HOST_NAMESPACE).isEmpty();
            if (fragment ? !attached : b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + state(b) + (fragment ? " (fragment, not attached)" : ""));
            }
        }
        assertEquals("DLVM bundles that are not ACTIVE", List.of(), notActive);
    }

    private static String state(Bundle b) {
        switch (b.getState()) {
        case Bundle.ACTIVE:
            return "ACTIVE";
        case Bundle.RESOLVED:
            return "RESOLVED";
        case Bundle.INSTALLED:
            return "INSTALLED";
        case Bundle.STARTING:
            return "STARTING";
        case Bundle.STOPPING:
            return "STOPPING";
        default:
            return "UNINSTALLED";
        }
    }

    private static String eventName(BundleEvent e) {
        switch (e.getType()) {
        case BundleEvent.INSTALLED:
            return "INSTALLED";
        case BundleEvent.RESOLVED:
            return "RESOLVED";
        case BundleEvent.STARTING:
            return "STARTING";
        case BundleEvent.STARTED:
            return "STARTED";
        case BundleEvent.STOPPING:
            return "STOPPING";
        case BundleEvent.STOPPED:
            return "STOPPED";
        case BundleEvent.UNRESOLVED:
            return "UNRESOLVED";
        case BundleEvent.UPDATED:
            return "UPDATED";
        case BundleEvent.UNINSTALLED:
            return "UNINSTALLED";
        default:
            return String.valueOf(e.getType());
        }
    }

    /** The state line of the NodePart of that name, or null when none is registered. */
    private String nodePartState(String partName) throws InvalidSyntaxException {
        List<String> states = withServices(NodePart.class, p -> p.partName().equals(partName) ? p.state() : null);
        return states.isEmpty() ? null : states.get(0);
    }

    /** Applies the function to every registered service of the type; keeps the non-null results. */
    private <S, R> List<R> withServices(Class<S> type, Function<S, R> function) throws InvalidSyntaxException {
        List<R> results = new ArrayList<>();
        for (ServiceReference<S> ref : context.getServiceReferences(type, null)) {
            S service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                R r = function.apply(service);
                if (r != null) {
                    results.add(r);
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return results;
    }

    private <S, R> R withService(Class<S> type, Function<S, R> function) {
        ServiceReference<S> ref = context.getServiceReference(type);
        S service = ref == null ? null : context.getService(ref);
        if (service == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service");
        }
        try {
            return function.apply(service);
        } finally {
            context.ungetService(ref);
        }
    }

    private boolean hasCommand(String scope, String name) {
        for (Command c : sessions.getRegistry().getCommands()) {
            if (scope.equals(c.getScope()) && name.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in a new shell session, as KarafTestSupport.executeCommand does, and returns what it printed. */
    private String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Future<Object> result = executor.submit(() -> session.execute(command));
            result.get(60, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Polls until the probe returns non-null; a probe that throws (an AssertionError saying what
     * it saw, or any exception) is not there yet. Fails with the last such reason.
     */
    private static <T> T await(String what, Duration timeout, Callable<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                        + (last != null ? "; last: " + last : ""));
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            Thread.sleep(500);
        }
    }

    // ---- configuration helpers: these run in the test JVM, not in Karaf

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run FeaturesIT through maven-failsafe"
                    + " (mvn verify -pl itests -Dit.test=FeaturesIT)");
        }
        return value;
    }

    /** Made for this run only: a secret of the test, in no shipped file. */
    private static final String EXAM_SECRET = java.util.UUID.randomUUID().toString();

    private static File written(String name, String content) throws IOException {
        Path file = Path.of("target/exam-config").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file.toFile();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
