package org.dlvm.roles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.dlvm.node.NodeRoles;

/** Which DLVM features a node's roles need, and the feature calls that get it there. */
public final class RoleFeatures {
    public static final String CONTROLLER = "dlvm-controller";
    public static final String BROKER = "dlvm-broker";
    public static final String DPV = "dlvm-dpv";
    public static final String IHOST = "dlvm-ihost";
    public static final String SHELL = "dlvm-shell";
    public static final String STORE = "dlvm-store";
    /** The features that follow the roles; others (dlvm-shell, dlvm-store, dlvm-allinone) are never removed here. */
    public static final Set<String> ROLE_FEATURES = Set.of(CONTROLLER, BROKER, DPV, IHOST);
    private static final String FEATURE_REQUIREMENT = "feature:";

    private RoleFeatures() {
    }

    public static SortedSet<String> wanted(Set<String> roles, boolean brokerEmbedded) {
        SortedSet<String> features = new TreeSet<>();
        features.add(SHELL);
        if (roles.contains(NodeRoles.CONTROLLER)) {
            features.add(CONTROLLER);
            if (brokerEmbedded) {
                features.add(BROKER);
            }
        }
        if (roles.contains(NodeRoles.DPV)) {
            features.add(DPV);
        }
        if (roles.contains(NodeRoles.IHOST)) {
            features.add(IHOST);
        }
        return Collections.unmodifiableSortedSet(features);
    }

    public record Plan(Set<String> install, Set<String> uninstall) {
        public Plan {
            install = Collections.unmodifiableSortedSet(new TreeSet<>(install));
            uninstall = Collections.unmodifiableSortedSet(new TreeSet<>(uninstall));
        }

        /** The same installs and no removal. */
        public Plan withoutRemovals() {
            return new Plan(install, Set.of());
        }

        public boolean isEmpty() {
            return install.isEmpty() && uninstall.isEmpty();
        }
    }

    /**
     * {@code installedDlvmFeatures} are the features this node asked for (Karaf's required
     * features): only those can be uninstalled, a feature pulled in by another one cannot.
     */
    public static Plan plan(Set<String> wanted, Set<String> installedDlvmFeatures) {
        Set<String> install = new TreeSet<>(wanted);
        install.removeAll(installedDlvmFeatures);
        Set<String> uninstall = new TreeSet<>(installedDlvmFeatures);
        uninstall.retainAll(ROLE_FEATURES);
        uninstall.removeAll(wanted);
        return new Plan(install, uninstall);
    }

    public enum Action {
        INSTALL, UNINSTALL
    }

    /** One FeaturesService call. */
    public record Step(Action action, Set<String> features, boolean noAutoRefresh) {
        public Step {
            features = Collections.unmodifiableSortedSet(new TreeSet<>(features));
        }

        public String describe() {
            return String.join(", ", features);
        }
    }

    /**
     * OpenJPA loses its javax.transaction wiring when Artemis arrives in the same resolution or
     * when a later one refreshes it (design/STACK.md, "Errors" 2): so the store goes first on
     * its own, and everything after it without refreshing what is already running. Removals
     * come last, so that a failed installation leaves the node with its old roles rather than
     * none.
     */
    /**
     * The calls that carry out a plan. The store goes first, with Karaf's refresh, only when it is
     * not on the node at all: a refresh on a running controller rewires javax.transaction under
     * OpenJPA (STACK.md, error 2), so every other step runs without one.
     */
    public static List<Step> steps(Plan plan, boolean storePresent) {
        List<Step> steps = new ArrayList<>();
        if (plan.install().contains(CONTROLLER) && !storePresent) {
            steps.add(new Step(Action.INSTALL, Set.of(STORE), false));
        }
        if (!plan.install().isEmpty()) {
            steps.add(new Step(Action.INSTALL, plan.install(), true));
        }
        if (!plan.uninstall().isEmpty()) {
            steps.add(new Step(Action.UNINSTALL, plan.uninstall(), true));
        }
        return steps;
    }

    /**
     * The names of the features Karaf keeps as requirements ({@code FeaturesService.listRequirements()}:
     * region to {@code feature:NAME/VERSION-RANGE}). Read from Karaf's saved state, unlike
     * {@code listRequiredFeatures()}, which loads and parses every features repository first.
     */
    public static Set<String> requiredFeatureNames(Map<String, Set<String>> requirements) {
        Set<String> names = new TreeSet<>();
        for (Set<String> region : requirements.values()) {
            for (String requirement : region) {
                if (requirement.startsWith(FEATURE_REQUIREMENT)) {
                    String nameAndRange = requirement.substring(FEATURE_REQUIREMENT.length());
                    int slash = nameAndRange.indexOf('/');
                    names.add(slash < 0 ? nameAndRange : nameAndRange.substring(0, slash));
                }
            }
        }
        return names;
    }

    /** The "dlvm-" features among Karaf's feature names. */
    public static Set<String> dlvmFeatures(Collection<String> featureNames) {
        Set<String> dlvm = new TreeSet<>();
        for (String name : featureNames) {
            if (name.startsWith("dlvm-")) {
                dlvm.add(name);
            }
        }
        return dlvm;
    }
}
