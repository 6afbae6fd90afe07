package org.dlvm.itests;

import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

/**
 * The appliance on a real kernel: {@code lab/appliance-smoke.sh} runs the distribution in a dpv guest with the
 * {@code linux} driver, a controller on the build machine inside the lab's namespace, and checks that the dpv
 * registered through REST shows the size of the guest's real LVM volume group.
 */
public class LabApplianceIT {
    @Test
    public void aDpvInAGuestReportsItsRealVolumeGroup() throws Exception {
        String out = LabScript.run("appliance-smoke.sh", "lab-appliance.log",
                Map.of("DLVM_APPLIANCE_WORKDIR", LabScript.logs().resolve("lab-appliance").toString()), "APPLIANCE_OK");
        assertTrue(out, out.contains("\"status\":\"available\""));
    }
}
