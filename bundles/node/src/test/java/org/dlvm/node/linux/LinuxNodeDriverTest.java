package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LinuxNodeDriverTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private Path bin;
    private final List<List<String>> ran = new ArrayList<>();
    private CommandResult nextResult;
    private NodeException nextFailure;

    private final CommandRunner fakeRunner = command -> {
        ran.add(command);
        if (nextFailure != null) {
            throw nextFailure;
        }
        return nextResult;
    };

    @Before
    public void stageAMachine() throws IOException {
        root = tmp.newFolder("root").toPath();
        bin = tmp.newFolder("bin").toPath();
        write("proc/sys/kernel/osrelease", "6.1.0-test\n");
    }

    private LinuxNodeDriver driver() {
        return new LinuxNodeDriver(fakeRunner, root, List.of(bin));
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void installCommand(String name) throws IOException {
        Files.createFile(bin.resolve(name)).toFile().setExecutable(true);
    }

    @Test
    public void theVolumeGroupComesFromLvmVgs() throws NodeException {
        nextResult = new CommandResult(List.of("lvm"), 0, "  dlvm_vg:1000:400\n", "");
        assertEquals(new VolumeGroupInfo("dlvm_vg", 1000, 400), driver().volumeGroup("dlvm_vg"));
        assertEquals(List.of(LvmCommands.vgsCommand("dlvm_vg")), ran);
    }

    @Test
    public void lvmsComplaintBecomesTheMessage() {
        nextResult = new CommandResult(LvmCommands.vgsCommand("dlvm_vg"), 5, "", "  Volume group \"dlvm_vg\" not found\n");
        try {
            driver().volumeGroup("dlvm_vg");
            fail();
        } catch (NodeException e) {
            assertEquals(String.join(" ", LvmCommands.vgsCommand("dlvm_vg"))
                    + " failed (exit 5): Volume group \"dlvm_vg\" not found", e.getMessage());
        }
    }

    @Test
    public void aMissingLvmPassesTheRunnersMessageOn() {
        nextFailure = new NodeException(CommandPackages.notFoundMessage("lvm"));
        try {
            driver().volumeGroup("dlvm_vg");
            fail();
        } catch (NodeException e) {
            assertEquals("command 'lvm' not found: install lvm2 (LVM2 tools)", e.getMessage());
        }
    }

    @Test
    public void anotherGroupInTheOutputIsNotTakenForTheAskedOne() {
        nextResult = new CommandResult(List.of("lvm"), 0, "  other:1000:400\n", "");
        try {
            driver().volumeGroup("dlvm_vg");
            fail();
        } catch (NodeException e) {
            assertEquals("lvm vgs did not report volume group 'dlvm_vg'", e.getMessage());
        }
    }

    @Test
    public void anInvalidGroupNameRunsNothing() {
        try {
            driver().volumeGroup("-x");
            fail();
        } catch (NodeException e) {
            assertEquals(List.of(), ran);
        }
    }

    @Test
    public void theInitiatorNameIsReadBelowTheRoot() throws Exception {
        write("etc/iscsi/initiatorname.iscsi", "InitiatorName=iqn.1993-08.org.debian:01:h1\n");
        assertEquals("iqn.1993-08.org.debian:01:h1", driver().initiatorIqn());
    }

    @Test
    public void noInitiatorFileMeansOpenIscsiIsMissing() {
        try {
            driver().initiatorIqn();
            fail();
        } catch (NodeException e) {
            assertEquals("no /etc/iscsi/initiatorname.iscsi: install open-iscsi", e.getMessage());
        }
    }

    @Test
    public void aBareMachineReportsEveryModuleAndCommand() {
        assertEquals(List.of(
                "kernel module dm_mod (device-mapper) is not available in kernel 6.1.0-test: install the kernel's extra modules package",
                "kernel module dm_thin_pool (device-mapper thin provisioning) is not available in kernel 6.1.0-test: install the kernel's extra modules package",
                "kernel module target_core_mod (LIO) is not available in kernel 6.1.0-test: install the kernel's extra modules package",
                "kernel module iscsi_target_mod (LIO iSCSI target) is not available in kernel 6.1.0-test: install the kernel's extra modules package",
                "kernel module iscsi_tcp (open-iscsi initiator transport) is not available in kernel 6.1.0-test: install the kernel's extra modules package",
                "command 'lvm' not found: install lvm2 (LVM2 tools)",
                "command 'dmsetup' not found: install dmsetup (device-mapper tools; package device-mapper on RHEL)",
                "command 'iscsiadm' not found: install open-iscsi (iscsi-initiator-utils on RHEL)"), driver().problems());
    }

    @Test
    public void loadedBuiltInAndInstallableModulesAreToldApart() throws IOException {
        write("proc/modules", "dm_thin_pool 81920 0 - Live 0x0\ntarget_core_mod 450560 1 iscsi_target_mod, Live 0x0\n"
                + "iscsi_target_mod 356352 0 - Live 0x0\n");
        Files.createDirectories(root.resolve("sys/module/dm_mod"));
        write("lib/modules/6.1.0-test/modules.dep", "kernel/drivers/scsi/iscsi_tcp.ko.xz: kernel/drivers/scsi/libiscsi.ko.xz\n");
        installCommand("lvm");
        installCommand("dmsetup");
        installCommand("iscsiadm");
        assertEquals(List.of("kernel module iscsi_tcp (open-iscsi initiator transport) is not loaded: run modprobe iscsi_tcp"),
                driver().problems());
    }

    @Test
    public void aCompleteMachineHasNoProblems() throws IOException {
        for (String m : LinuxNodeDriver.REQUIRED_MODULES.keySet()) {
            Files.createDirectories(root.resolve("sys/module/" + m));
        }
        for (String c : LinuxNodeDriver.REQUIRED_COMMANDS) {
            installCommand(c);
        }
        assertEquals(List.of(), driver().problems());
    }

    @Test
    public void theKindIsLinux() {
        assertEquals("linux", driver().kind());
    }
}
