package org.dlvm.roles;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

import org.dlvm.node.Secrets;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class InstallationSecretsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String SHIPPED = "# users\n_g_\\:admingroup = group,admin,ssh\n";

    private List<InstallationSecrets.Made> provision(Path etc, Set<String> roles, boolean embedded) throws Exception {
        return InstallationSecrets.provision(etc, "n1", roles, embedded, etc.resolve("dlvm-secrets/broker.password"),
                etc.resolve("dlvm-secrets/controller.broker.password"), new SecureRandom());
    }

    private Path etc() throws Exception {
        Path etc = tmp.newFolder().toPath();
        Files.writeString(etc.resolve("users.properties"), SHIPPED);
        return etc;
    }

    @Test
    public void anAllInOneNodeMakesItsThreeAccountsOnceAndNoTwoInstallationsShareOne() throws Exception {
        Path etc = etc();
        List<InstallationSecrets.Made> made = provision(etc, Set.of("controller", "dpv", "ihost"), true);
        assertEquals(List.of("karaf", "dlvm-controller", "node.n1"), made.stream().map(InstallationSecrets.Made::user).toList());
        String users = Files.readString(etc.resolve("users.properties"));
        String admin = Secrets.read(etc.resolve("dlvm-secrets/karaf.password"));
        String controller = Secrets.read(etc.resolve("dlvm-secrets/controller.broker.password"));
        String node = Secrets.read(etc.resolve("dlvm-secrets/broker.password"));
        assertTrue(users, users.startsWith(SHIPPED) && users.contains("karaf = " + admin + ",_g_:admingroup")
                && users.contains("dlvm-controller = " + controller + ",dlvm-controller")
                && users.contains("node.n1 = " + node + ",dlvm-node,node.n1"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(etc.resolve("users.properties"))));
        assertTrue(made.get(0).sentence(), made.get(0).sentence().contains(etc.resolve("dlvm-secrets/karaf.password").toString())
                && !made.get(0).sentence().contains(admin));

        assertEquals("a restart makes nothing", List.of(), provision(etc, Set.of("controller", "dpv", "ihost"), true));
        assertEquals(users, Files.readString(etc.resolve("users.properties")));

        Path other = etc();
        provision(other, Set.of("controller", "dpv", "ihost"), true);
        assertNotEquals(admin, Secrets.read(other.resolve("dlvm-secrets/karaf.password")));
        assertNotEquals(controller, Secrets.read(other.resolve("dlvm-secrets/controller.broker.password")));
    }

    @Test
    public void aControllerOnAnotherBrokerAndAnAgentNodeMakeOnlyTheirAdministrator() throws Exception {
        Path etc = etc();
        assertEquals(List.of("karaf"), provision(etc, Set.of("controller"), false).stream()
                .map(InstallationSecrets.Made::user).toList());
        assertTrue(Files.notExists(etc.resolve("dlvm-secrets/controller.broker.password")));
        Path agent = etc();
        assertEquals("its agents wait to be enrolled", List.of("karaf"), provision(agent, Set.of("dpv", "ihost"), true)
                .stream().map(InstallationSecrets.Made::user).toList());
        assertTrue(Files.notExists(agent.resolve("dlvm-secrets/broker.password")));
    }

    @Test
    public void anAccountTheOperatorMadeIsKept() throws Exception {
        Path etc = etc();
        Files.writeString(etc.resolve("users.properties"), SHIPPED + "karaf = mine,_g_:admingroup\n");
        assertEquals(List.of("dlvm-controller"), provision(etc, Set.of("controller"), true).stream()
                .map(InstallationSecrets.Made::user).toList());
        assertTrue(Files.readString(etc.resolve("users.properties")).contains("karaf = mine,_g_:admingroup"));
    }
}
