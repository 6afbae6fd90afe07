package org.dlvm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The distribution on real kernels, end to end: {@code lab/volume-lab.sh run scenario} boots 3 dpv guests and an ihost
 * guest running the distribution (linux driver) with a controller on the build machine inside the lab's namespace,
 * registers them through REST (every dpv must show its guest's real volume group), then runs
 * {@code lab/volume-scenario.sh} on the same nodes: a striped dlv created, attached, written and verified with fio
 * across snapshot, detach/attach, online extend and an attach with an unreachable dpv (degraded), a 409 for a
 * second ihost, dpvs and the ihost losing their network or their power (legs that come back rejoin, legs of a dpv
 * that stays away are replaced and rebuilt online), an evacuation, restarts of the controller, an agent and the
 * worker bundle under operations; after each fault step the guests hold what the controller's rows want and nothing
 * more, and at the end every dpv and the ihost back to their starting state.
 */
public class LabVolumeIT {
    private static final Pattern SIZES = Pattern.compile("^(dpv\\d+): guest VG dlvm_vg (\\d+) bytes, REST total_size (\\d+)$",
            Pattern.MULTILINE);

    @Test
    public void aStripedDlvLivesAndLeavesNothingBehind() throws Exception {
        String out = LabScript.run("volume-lab.sh", List.of("run", "scenario"), "lab-volume.log",
                Map.of("DLVM_VOLUME_WORKDIR", LabScript.logs().resolve("lab-volume").toString()), "VOLUME_LAB_OK",
                Long.getLong("dlvm.lab.volume.timeoutSeconds", 4200));

        assertEquals("nodes that turned available", 4, out.lines().filter(l -> l.startsWith("AGENT_AVAILABLE "))
                .map(l -> l.split(" ")[1]).distinct().count());
        assertEquals("guests that lost power and were available again (8b, 8c, 8d)", 3, out.lines()
                .filter(l -> l.startsWith("TIME boot_to_available ")).count());
        assertTrue("no rebuild of a lost dpv's legs (8d)", out.lines().anyMatch(l -> l.startsWith("REBUILD: ")));
        assertTrue("no evacuation (8e)", out.lines().anyMatch(l -> l.startsWith("TIME evacuate_to_attached ")));
        assertTrue("no attach across a controller crash (8f)",
                out.lines().anyMatch(l -> l.startsWith("TIME controller_killed_to_attached ")));
        assertTrue("no attach across an agent restart (8g)", out.lines().anyMatch(l -> l.startsWith("AGENT_RESTART: ")));
        assertTrue("no operation handed over by an updated worker (8h)",
                out.lines().anyMatch(l -> l.startsWith("HANDOVER: ")));
        assertTrue("no ihost fenced by a forced detach (8i)", out.lines().anyMatch(l -> l.startsWith("FENCED: ")));
        assertTrue("the fenced ihost's stack was not cleaned up (8i)",
                out.lines().anyMatch(l -> l.startsWith("TIME ihost_back_to_cleaned ")));
        assertTrue("no revert to a snapshot carried out by the next attach (9a)",
                out.lines().anyMatch(l -> l.equals("REVERT_OK")));
        assertEquals("fault steps after which the nodes held what the rows want (8a, 8, 8b-8i)",
                List.of("8a", "8", "8b", "8c", "8d", "8e", "8f", "8g", "8h", "8i"), out.lines()
                        .filter(l -> l.startsWith("HELD_OK ")).map(l -> l.substring("HELD_OK ".length())).toList());
        Matcher sizes = SIZES.matcher(out);
        int dpvs = 0;
        while (sizes.find()) {
            assertEquals(sizes.group(1) + ": REST capacity is the guest's VG", sizes.group(2), sizes.group(3));
            dpvs++;
        }
        assertEquals("dpvs whose capacity was checked", 3, dpvs);
        assertTrue("no VOLUME_SCENARIO_OK", out.lines().anyMatch(l -> l.startsWith("VOLUME_SCENARIO_OK")));
    }

    /**
     * One machine alone ({@code lab/volume-solo.sh}): one guest that is dpv and ihost at once, as {@code ./dlvm run}
     * makes one, makes, attaches, snapshots and extends a dlv of one copy (replicas 1, linear groups), refuses a
     * mirrored one and an evacuation, clones it online while attached and while detached, and is left with nothing
     * after the delete;
     * then Cinder's volume manager with the DLVM driver ({@code lab/cinder-lab.sh}) runs a volume's whole life on
     * the same guest through os-brick.
     */
    @Test
    public void oneMachineAloneServesADlvOfOneCopy() throws Exception {
        String out = LabScript.run("volume-lab.sh", List.of("run", "solo", "cinder"), "lab-solo.log",
                Map.of("DLVM_VOLUME_WORKDIR", LabScript.logs().resolve("lab-solo").toString(), "DLVM_VOLUME_DPVS", "0",
                        "DLVM_VOLUME_IHOSTS", "0", "DLVM_VOLUME_SOLOS", "1",
                        // Cinder's volumes are whole GiB, fully provisioned, and its scenario holds four at once
                        "DLVM_LAB_DISK", "8G"), "VOLUME_LAB_OK",
                Long.getLong("dlvm.lab.solo.timeoutSeconds", 1800));

        assertEquals("the solo guest turned available as dpv and ihost", List.of("solo1"), out.lines()
                .filter(l -> l.startsWith("AGENT_AVAILABLE ")).map(l -> l.split(" ")[1]).distinct().toList());
        assertEquals("steps after which the guest held what the rows want", List.of("4", "6", "6b", "7", "cinder"),
                out.lines().filter(l -> l.startsWith("HELD_OK ")).map(l -> l.substring("HELD_OK ".length())).toList());
        assertTrue("no VOLUME_SOLO_OK", out.lines().anyMatch(l -> l.startsWith("VOLUME_SOLO_OK")));
        assertTrue("no CLONE_OK: the online clone of the attached dlv", out.lines().anyMatch(l -> l.startsWith("CLONE_OK")));
        assertTrue("no CLONE_DETACHED_OK: the clone of the detached dlv", out.lines()
                .anyMatch(l -> l.startsWith("CLONE_DETACHED_OK")));
        assertTrue("no CINDER_LAB_OK", out.lines().anyMatch(l -> l.startsWith("CINDER_LAB_OK")));
    }
}
