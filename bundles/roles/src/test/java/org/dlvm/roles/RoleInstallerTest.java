package org.dlvm.roles;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dlvm.node.NodeConfig;
import org.junit.Test;

public class RoleInstallerTest {
    /** Karaf's boot provisioning is done: the installer waits for this service. */
    private static final org.apache.karaf.features.BootFinished BOOT_FINISHED = new org.apache.karaf.features.BootFinished() {
    };
    /** A FeaturesService that records the calls RoleInstaller makes, on which thread, and can fail one. */
    private static final class RecordingFeatures {
        final Set<String> required = Collections.synchronizedSet(new TreeSet<>());
        /** What is on the node, whether or not Karaf still counts it as required. */
        final Set<String> installed = Collections.synchronizedSet(new TreeSet<>());
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        /** Calls that make Karaf load and parse every features repository first. */
        final List<String> repositoryReads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        String failOn;

        @SuppressWarnings("unchecked")
        FeaturesService service() {
            return (FeaturesService) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { FeaturesService.class }, (proxy, method, args) -> {
                        threads.add(Thread.currentThread().getName());
                        switch (method.getName()) {
                        case "listRequirements":
                            // as Karaf saves them: region to feature:NAME/VERSION-RANGE, besides other kinds
                            Set<String> requirements = new TreeSet<>(Set.of("bundle:mvn:org.example/other/1.0"));
                            required.forEach(name -> requirements.add("feature:" + name + "/[0.1.0.SNAPSHOT,0.1.0.SNAPSHOT]"));
                            return Map.of("root", requirements);
                        case "listInstalledFeatures":
                            repositoryReads.add(method.getName());
                            Set<String> present = new TreeSet<>(installed);
                            present.addAll(required);
                            return present.stream().map(RecordingFeatures::feature).toArray(Feature[]::new);
                        case "installFeatures":
                        case "uninstallFeatures":
                            Set<String> names = new TreeSet<>((Set<String>) args[0]);
                            calls.add(method.getName() + " " + names + " " + args[1]);
                            if (failOn != null && names.contains(failOn)) {
                                throw new Exception("Error downloading mvn:org.dlvm/dlvm-dpv-agent/0.1.0-SNAPSHOT");
                            }
                            if (method.getName().equals("installFeatures")) {
                                required.addAll(names);
                                installed.addAll(names);
                                if (names.contains("dlvm-controller")) {
                                    installed.add("dlvm-store");
                                }
                            } else {
                                required.removeAll(names);
                                installed.removeAll(names);
                            }
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        static Feature feature(String name) {
            return (Feature) Proxy.newProxyInstance(RecordingFeatures.class.getClassLoader(),
                    new Class<?>[] { Feature.class }, (p, m, a) -> {
                        if (m.getName().equals("getName")) {
                            return name;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static NodeConfig config(Map<String, Object> properties) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(), new Class<?>[] { NodeConfig.class },
                (proxy, method, args) -> properties.containsKey(method.getName().replace('_', '.'))
                        ? properties.get(method.getName().replace('_', '.'))
                        : method.getDefaultValue());
    }

    private static void awaitState(RoleInstaller installer, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!installer.state().startsWith(prefix) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(installer.state(), installer.state().startsWith(prefix));
    }

    @Test
    public void aNewControllerGetsTheStoreFirstOnItsOwnThread() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of()));
        try {
            awaitState(installer, "installed ");
            assertEquals("installed dlvm-broker, dlvm-controller, dlvm-shell", installer.state());
            assertEquals(List.of(
                    "installFeatures [dlvm-store] []",
                    "installFeatures [dlvm-broker, dlvm-controller, dlvm-shell] [NoAutoRefreshBundles]"), karaf.calls);
            for (String thread : karaf.threads) {
                assertEquals("dlvm-role-installer", thread);
            }
            assertNotEquals("dlvm-role-installer", Thread.currentThread().getName());
            assertEquals("roles", installer.partName());
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void aRoleChangeSwapsTheFeatures() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        karaf.required.addAll(Set.of("dlvm-controller", "dlvm-broker", "dlvm-shell", "dlvm-store"));
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of("roles", new String[] { "dpv" })));
        try {
            awaitState(installer, "installed ");
            assertEquals("installed dlvm-dpv, dlvm-shell", installer.state());
            assertEquals(List.of(
                    "installFeatures [dlvm-dpv] [NoAutoRefreshBundles]",
                    "uninstallFeatures [dlvm-broker, dlvm-controller] [NoAutoRefreshBundles]"), karaf.calls);
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void aFailureIsTheStateAndStopsTheRemovals() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        karaf.required.addAll(Set.of("dlvm-ihost", "dlvm-shell"));
        karaf.failOn = "dlvm-dpv";
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of("roles", new String[] { "dpv" })));
        try {
            awaitState(installer, "installing role feature");
            assertEquals("installing role feature dlvm-dpv failed: Error downloading mvn:org.dlvm/dlvm-dpv-agent/0.1.0-SNAPSHOT",
                    installer.state());
            assertEquals(List.of("installFeatures [dlvm-dpv] [NoAutoRefreshBundles]"), karaf.calls);
            assertTrue(karaf.required.contains("dlvm-ihost"));
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void anUpToDateNodeMakesNoCall() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        karaf.required.addAll(Set.of("dlvm-controller", "dlvm-shell"));
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED,
                config(Map.of("roles", new String[] { "controller" }, "broker.embedded", false)));
        try {
            awaitState(installer, "installed ");
            assertEquals("installed dlvm-controller, dlvm-shell", installer.state());
            assertEquals(List.of(), karaf.calls);
            assertEquals("an up-to-date node reads no features repository", List.of(), karaf.repositoryReads);
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void requirementsKarafDroppedAreInstalledAgainOnTheNextPass() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of("roles", new String[] { "dpv" })));
        try {
            awaitState(installer, "installed ");
            // Karaf's boot provisioning finished after us and kept only its own boot features
            karaf.required.clear();
            karaf.calls.clear();
            installer.apply();
            assertEquals(List.of("installFeatures [dlvm-dpv, dlvm-shell] [NoAutoRefreshBundles]"), karaf.calls);
            assertEquals(Set.of("dlvm-dpv", "dlvm-shell"), karaf.required);
            karaf.calls.clear();
            installer.apply();
            assertEquals("a node that is up to date makes no call", List.of(), karaf.calls);
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void aControllerWhoseRequirementsWereDroppedIsNeverRefreshed() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of()));
        try {
            awaitState(installer, "installed ");
            karaf.required.clear();
            karaf.calls.clear();
            installer.apply();
            assertEquals(List.of("installFeatures [dlvm-broker, dlvm-controller, dlvm-shell] [NoAutoRefreshBundles]"),
                    karaf.calls);
        } finally {
            installer.deactivate();
        }
    }

    @Test
    public void aRoleFeatureInstalledByHandStaysUntilTheRolesChange() throws Exception {
        RecordingFeatures karaf = new RecordingFeatures();
        RoleInstaller installer = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of("roles", new String[] { "dpv" })));
        try {
            awaitState(installer, "installed ");
            karaf.required.add("dlvm-ihost");
            karaf.calls.clear();
            installer.apply();
            assertEquals("a later pass removes nothing", List.of(), karaf.calls);
            assertTrue(karaf.required.contains("dlvm-ihost"));
        } finally {
            installer.deactivate();
        }
        // a new configuration (DS activates the component again) applies the roles, removals included
        RoleInstaller again = new RoleInstaller(karaf.service(), BOOT_FINISHED, config(Map.of("roles", new String[] { "dpv" })));
        try {
            awaitState(again, "installed ");
            assertEquals(List.of("uninstallFeatures [dlvm-ihost] [NoAutoRefreshBundles]"), karaf.calls);
        } finally {
            again.deactivate();
        }
    }
}
