package org.dlvm.roles;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dlvm.api.NodePart;
import org.dlvm.node.BrokerAccounts;
import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeNames;
import org.dlvm.node.Secrets;
import org.dlvm.node.NodeRoles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the installed DLVM features follow the node's roles. A configuration change
 * re-activates the component, which plans again from what Karaf has installed. It starts only
 * once Karaf's boot provisioning is done: a boot deployment running beside ours used to save
 * requirements without our features, so that every later start resolved them again. It also
 * plans again every {@link #RECONCILE_SECONDS} seconds, should anything else drop them from the
 * requirements (the bundles stay, but the next deployment would prune them); installing them
 * again restores the requirement and changes no bundle. Those later passes only install: removing role features is the configuration's
 * business (the pass at activation), so a feature an operator installed by hand stays until the
 * roles change, instead of being pulled out from under him within 30 seconds.
 */
@Component(service = NodePart.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RoleInstaller implements NodePart {
    static final String PART_NAME = "roles";
    private static final Logger LOG = LoggerFactory.getLogger(RoleInstaller.class);

    private final FeaturesService features;
    private final Set<String> wanted;
    /**
     * FeaturesService refreshes bundles, ours included, and waits for them to stop; from the DS
     * activation thread that would wait on itself. Hence one thread of our own.
     */
    private final ScheduledExecutorService worker;
    static final long RECONCILE_SECONDS = 30;
    /** The roles were applied once, removals included: later passes restore what is missing and remove nothing. */
    private boolean settled;
    private volatile boolean deactivated;
    private volatile String state;

    /**
     * Not before Karaf's boot provisioning is done ({@code bootFinished}): a boot deployment that runs
     * beside ours saves the requirements it started from, without our features, and a node started
     * from that state (a lab guest, any restart) resolves them again, minutes under emulation.
     */
    @Activate
    public RoleInstaller(@Reference(name = "features") FeaturesService features,
            @Reference(name = "bootFinished") BootFinished bootFinished, NodeConfig config) {
        this.features = features;
        NodeRoles.Parsed roles = NodeRoles.parse(config.roles());
        if (!roles.unknown().isEmpty()) {
            LOG.warn("ignoring unknown roles {} in {}.cfg: known roles are {}", roles.unknown(), NodeConfig.PID,
                    NodeRoles.KNOWN);
        }
        this.wanted = RoleFeatures.wanted(new LinkedHashSet<>(roles.roles()), config.broker_embedded());
        // before any role feature starts: the broker and REST logins need the accounts made here
        provisionSecrets(config, new LinkedHashSet<>(roles.roles()));
        this.state = "planning features " + String.join(", ", wanted) + " for roles " + roles.roles();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dlvm-role-installer"));
        worker.scheduleWithFixedDelay(this::apply, 0, RECONCILE_SECONDS, TimeUnit.SECONDS);
    }

    private static void provisionSecrets(NodeConfig config, Set<String> roles) {
        Path etc = Secrets.dir().getParent();
        try {
            for (InstallationSecrets.Made made : InstallationSecrets.provision(etc, NodeNames.nodeName(config), roles,
                    config.broker_embedded(), Secrets.file(config.broker_password_file(), BrokerAccounts.NODE_PASSWORD_FILE),
                    Secrets.file(config.controller_broker_password_file(), BrokerAccounts.CONTROLLER_PASSWORD_FILE),
                    new SecureRandom())) {
                // once, where the operator who started the node looks (the console), and in the log; never the secret itself
                System.out.println(made.sentence());
                LOG.info(made.sentence());
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.error("cannot make this installation's passwords under {}: {}", etc, e.toString(), e);
        }
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
        // no waiting: we may be deactivated by a refresh that our own running step started
        worker.shutdown();
    }

    @Override
    public String partName() {
        return PART_NAME;
    }

    @Override
    public String state() {
        return state;
    }

    void apply() {
        if (deactivated) {
            return;
        }
        // From Karaf's saved requirements: a node whose roles are in place (every start but the first) never
        // makes Karaf load and parse its features repositories here (under the lab's emulation, seconds of CPU).
        Set<String> installed;
        try {
            installed = RoleFeatures.dlvmFeatures(RoleFeatures.requiredFeatureNames(features.listRequirements()));
        } catch (RuntimeException e) {
            // an exception out of a scheduled pass would end the passes for good
            fail("reading the required features failed: " + reason(e), e);
            return;
        }
        RoleFeatures.Plan plan = RoleFeatures.plan(wanted, installed);
        if (settled) {
            plan = plan.withoutRemovals();
        }
        if (plan.isEmpty()) {
            if (!settled) {
                LOG.info("role features up to date: {}", String.join(", ", wanted));
                settled = true;
            }
            state = "installed " + String.join(", ", wanted);
            return;
        }
        boolean storePresent;
        try {
            storePresent = plan.install().contains(RoleFeatures.CONTROLLER)
                    && names(features.listInstalledFeatures()).contains(RoleFeatures.STORE);
        } catch (Exception e) {
            fail("reading the installed features failed: " + reason(e), e);
            return;
        }
        for (RoleFeatures.Step step : RoleFeatures.steps(plan, storePresent)) {
            if (deactivated) {
                LOG.info("role installation stopped before {} {}: the configuration changed or the bundle stops",
                        verb(step), step.describe());
                return;
            }
            EnumSet<FeaturesService.Option> options = step.noAutoRefresh()
                    ? EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles)
                    : EnumSet.noneOf(FeaturesService.Option.class);
            state = verb(step) + " " + step.describe();
            LOG.info("{} role features {}", verb(step), step.describe());
            try {
                if (step.action() == RoleFeatures.Action.INSTALL) {
                    features.installFeatures(step.features(), options);
                } else {
                    features.uninstallFeatures(step.features(), options);
                }
            } catch (Exception e) {
                fail(verb(step) + " role feature " + step.describe() + " failed: " + reason(e), e);
                return;
            }
        }
        LOG.info("role features installed: {}", String.join(", ", wanted));
        settled = true;
        state = "installed " + String.join(", ", wanted);
    }

    private void fail(String message, Exception e) {
        LOG.error(message, e);
        state = message;
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    private static String verb(RoleFeatures.Step step) {
        return step.action() == RoleFeatures.Action.INSTALL ? "installing" : "uninstalling";
    }

    private static List<String> names(Feature[] features) {
        List<String> names = new ArrayList<>();
        for (Feature f : features) {
            names.add(f.getName());
        }
        return names;
    }
}
