package org.dlvm.roles;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.roles.RoleFeatures.Action;
import org.dlvm.roles.RoleFeatures.Plan;
import org.dlvm.roles.RoleFeatures.Step;
import org.junit.Test;

public class RoleFeaturesTest {
    @Test
    public void aControllerWithItsOwnBrokerGetsTheBrokerFeature() {
        assertEquals(Set.of("dlvm-controller", "dlvm-broker", "dlvm-shell"),
                RoleFeatures.wanted(Set.of("controller"), true));
    }

    @Test
    public void anExternalBrokerMeansNoBrokerFeature() {
        assertEquals(Set.of("dlvm-controller", "dlvm-shell"), RoleFeatures.wanted(Set.of("controller"), false));
    }

    @Test
    public void agentsNeverGetTheBroker() {
        assertEquals(Set.of("dlvm-dpv", "dlvm-ihost", "dlvm-shell"), RoleFeatures.wanted(Set.of("dpv", "ihost"), true));
    }

    @Test
    public void requiredFeatureNamesComeFromKarafsFeatureRequirementsOnly() {
        assertEquals(Set.of("dlvm-dpv", "ssh", "wrap", "dlvm-shell"), RoleFeatures.requiredFeatureNames(Map.of(
                "root", Set.of("feature:dlvm-dpv/[0.1.0.SNAPSHOT,0.1.0.SNAPSHOT]", "feature:ssh/[4.4.7,4.4.7]",
                        "bundle:mvn:org.example/x/1.0", "requirement:osgi.ee;filter:=\"(osgi.ee=JavaSE)\""),
                "other", Set.of("feature:wrap/0.0.0", "feature:dlvm-shell"))));
    }

    @Test
    public void theShellIsAlwaysWanted() {
        assertEquals(Set.of("dlvm-shell"), RoleFeatures.wanted(Set.of(), true));
    }

    @Test
    public void missingFeaturesAreInstalledAndDroppedRolesUninstalled() {
        Plan plan = RoleFeatures.plan(Set.of("dlvm-dpv", "dlvm-shell"),
                Set.of("dlvm-controller", "dlvm-broker", "dlvm-shell", "dlvm-store"));
        assertEquals(Set.of("dlvm-dpv"), plan.install());
        assertEquals("the store is not a role feature", Set.of("dlvm-broker", "dlvm-controller"), plan.uninstall());
    }

    @Test
    public void theShellAndOtherDlvmFeaturesAreNeverUninstalled() {
        Plan plan = RoleFeatures.plan(Set.of("dlvm-dpv"), Set.of("dlvm-dpv", "dlvm-shell", "dlvm-allinone"));
        assertTrue(plan.isEmpty());
    }

    @Test
    public void anInstalledNodeNeedsNothing() {
        assertTrue(RoleFeatures.plan(Set.of("dlvm-controller", "dlvm-shell"), Set.of("dlvm-controller", "dlvm-shell"))
                .isEmpty());
    }

    @Test
    public void aControllerInstallsTheStoreAloneFirstThenTheRestWithoutRefresh() {
        List<Step> steps = RoleFeatures.steps(new Plan(Set.of("dlvm-broker", "dlvm-controller", "dlvm-dpv", "dlvm-shell"),
                Set.of("dlvm-ihost")), false);
        assertEquals(List.of(
                new Step(Action.INSTALL, Set.of("dlvm-store"), false),
                new Step(Action.INSTALL, Set.of("dlvm-broker", "dlvm-controller", "dlvm-dpv", "dlvm-shell"), true),
                new Step(Action.UNINSTALL, Set.of("dlvm-ihost"), true)), steps);
    }

    @Test
    public void agentsAloneNeedOneCall() {
        assertEquals(List.of(new Step(Action.INSTALL, Set.of("dlvm-dpv", "dlvm-shell"), true)),
                RoleFeatures.steps(new Plan(Set.of("dlvm-dpv", "dlvm-shell"), Set.of()), false));
    }

    @Test
    public void aBrokerAddedToARunningControllerDoesNotReinstallTheStore() {
        assertEquals(List.of(new Step(Action.INSTALL, Set.of("dlvm-broker"), true)),
                RoleFeatures.steps(new Plan(Set.of("dlvm-broker"), Set.of()), true));
    }

    @Test
    public void aControllerWhoseStoreIsAlreadyThereIsNotRefreshed() {
        assertEquals(List.of(new Step(Action.INSTALL, Set.of("dlvm-controller", "dlvm-shell"), true)),
                RoleFeatures.steps(new Plan(Set.of("dlvm-controller", "dlvm-shell"), Set.of()), true));
    }

    @Test
    public void nothingToDoIsNoStep() {
        assertEquals(List.of(), RoleFeatures.steps(new Plan(Set.of(), Set.of()), false));
    }

    @Test
    public void onlyDlvmFeaturesArePlannedWith() {
        assertEquals(Set.of("dlvm-dpv"), RoleFeatures.dlvmFeatures(List.of("scr", "dlvm-dpv", "artemis")));
    }

    @Test
    public void stepsDescribeTheirFeaturesInOrder() {
        assertEquals("dlvm-controller, dlvm-shell",
                new Step(Action.INSTALL, Set.of("dlvm-shell", "dlvm-controller"), true).describe());
    }
}
