package org.dlvm.roles;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dlvm.api.NodePart;
import org.dlvm.node.NodeConfig;
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
 * re-activates the component, which plans again from what Karaf has installed.
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
    private final ExecutorService worker;
    private volatile boolean deactivated;
    private volatile String state;

    @Activate
    public RoleInstaller(@Reference(name = "features") FeaturesService features, NodeConfig config) {
        this.features = features;
        NodeRoles.Parsed roles = NodeRoles.parse(config.roles());
        if (!roles.unknown().isEmpty()) {
            LOG.warn("ignoring unknown roles {} in {}.cfg: known roles are {}", roles.unknown(), NodeConfig.PID,
                    NodeRoles.KNOWN);
        }
        this.wanted = RoleFeatures.wanted(new LinkedHashSet<>(roles.roles()), config.broker_embedded());
        this.state = "planning features " + String.join(", ", wanted) + " for roles " + roles.roles();
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "dlvm-role-installer"));
        worker.execute(this::apply);
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
        Set<String> installed;
        try {
            installed = RoleFeatures.dlvmFeatures(names(features.listRequiredFeatures()));
        } catch (Exception e) {
            fail("reading the installed features failed: " + e.getMessage(), e);
            return;
        }
        RoleFeatures.Plan plan = RoleFeatures.plan(wanted, installed);
        if (plan.isEmpty()) {
            LOG.info("role features up to date: {}", String.join(", ", wanted));
            state = "installed " + String.join(", ", wanted);
            return;
        }
        for (RoleFeatures.Step step : RoleFeatures.steps(plan)) {
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
