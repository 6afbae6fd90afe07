package org.dlvm.brokeraccess;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.Message;
import javax.jms.Session;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.dlvm.api.NodeEnrolment;
import org.dlvm.node.UsersFile;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The shipped etc/artemis.xml with this bundle's per-node settings, on a real broker: who may
 * send to and read which queue. (In Karaf the users come from etc/users.properties; here from an
 * in-memory login module holding the same accounts.)
 */
public class BrokerAccessTest {
    private static final String PW = "pw";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedActiveMQ broker;
    private SecurityConfiguration accounts;
    private String url;
    private Path usersFile;
    private BrokerAccess access;

    @Before
    public void start() throws Exception {
        System.setProperty("karaf.data", tmp.newFolder("data").toString());
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(Path.of("../../etc/artemis.xml").toUri().toString());
        deployment.addDeployable(config);
        deployment.readConfiguration();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        config.clearAcceptorConfigurations();
        config.addAcceptorConfiguration("core", url);
        accounts = new SecurityConfiguration();
        account("dlvm-controller", "dlvm-controller");
        account("karaf", "admin");
        usersFile = tmp.getRoot().toPath().resolve("users.properties");
        Files.writeString(usersFile, "_g_\\:admingroup = group,admin\n");
        for (String node : List.of("dpv1", "dpv2", "ih1")) {
            enrolledBefore(node);
        }
        broker = new EmbeddedActiveMQ();
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), accounts));
        broker.setConfiguration(config);
        broker.start();
        access = new BrokerAccess(broker.getActiveMQServer(), usersFile);
    }

    private void account(String user, String... roles) {
        accounts.addUser(user, PW);
        for (String role : roles) {
            accounts.addRole(user, role);
        }
    }

    private void enrolledBefore(String node) throws Exception {
        UsersFile.update(usersFile, l -> UsersFile.withUser(l, "node." + node, PW, List.of("dlvm-node", "node." + node)));
        account("node." + node, "dlvm-node", "node." + node);
    }

    @After
    public void stop() throws Exception {
        broker.stop();
        System.clearProperty("karaf.data");
    }

    private Connection as(String user, String password) throws JMSException {
        Connection c = new ActiveMQConnectionFactory(url, user, password).createConnection();
        c.start();
        return c;
    }

    private static void refused(String what, Attempt attempt) {
        try {
            attempt.run();
            fail(what + " was allowed");
        } catch (JMSSecurityException expected) {
            // the broker said no
        } catch (JMSException e) {
            fail(what + ": " + e);
        }
    }

    interface Attempt {
        void run() throws JMSException;
    }

    @Test
    public void aNodeReadsOnlyItsOwnQueuesAndSendsOnlyEvents() throws Exception {
        assertEquals(List.of("dpv1", "dpv2", "ih1"), access.enrolledNodes());
        try (Connection dpv1 = as("node.dpv1", PW)) {
            Session s = dpv1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue("dlvm.dpv.dpv1")).close();
            refused("reading another dpv's queue", () -> s.createConsumer(s.createQueue("dlvm.dpv.dpv2")));
            refused("reading an ihost's queue", () -> s.createConsumer(s.createQueue("dlvm.ihost.ih1")));
            refused("sending a request to another node", () -> s.createProducer(s.createQueue("dlvm.ihost.ih1"))
                    .send(s.createTextMessage("{}")));
            refused("sending a request to itself", () -> s.createProducer(s.createQueue("dlvm.dpv.dpv1"))
                    .send(s.createTextMessage("{}")));
            refused("feeding the worker", () -> s.createProducer(s.createQueue("dlvm.worker")).send(s.createTextMessage("x")));
            refused("reading the other nodes' events", () -> s.createConsumer(s.createQueue("dlvm.events")));
            refused("reading the dead letters", () -> s.createConsumer(s.createQueue("DLQ")));
            s.createProducer(s.createQueue("dlvm.events")).send(s.createTextMessage("{}"));
        }
        try (Connection admin = as("karaf", PW)) {
            Session s = admin.createSession(false, Session.AUTO_ACKNOWLEDGE);
            refused("the REST administrator sending a request", () -> s.createProducer(s.createQueue("dlvm.dpv.dpv1"))
                    .send(s.createTextMessage("{}")));
        }
        refused("a wrong password", () -> as("node.dpv1", "guess").close());
    }

    @Test
    public void theControllerRequestsAndTheNodeReceivesItStampedWithTheControllersUser() throws Exception {
        try (Connection ctl = as("dlvm-controller", PW); Connection dpv1 = as("node.dpv1", PW)) {
            Session cs = ctl.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session ns = dpv1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var consumer = ns.createConsumer(ns.createQueue("dlvm.dpv.dpv1"));
            var replies = cs.createTemporaryQueue();
            var request = cs.createTextMessage("{}");
            request.setJMSReplyTo(replies);
            cs.createProducer(cs.createQueue("dlvm.dpv.dpv1")).send(request);
            Message got = consumer.receive(10_000);
            assertNotNull(got);
            assertEquals("dlvm-controller", got.getStringProperty("_AMQ_VALIDATED_USER"));
            ns.createProducer(got.getJMSReplyTo()).send(ns.createTextMessage("{\"ok\":true}"));
            assertNotNull("the agent may answer on the controller's reply queue", cs.createConsumer(replies).receive(10_000));
            cs.createConsumer(cs.createQueue("dlvm.events")).close();
        }
    }

    @Test
    public void aNodeEnrolledWhileTheBrokerRunsGetsItsQueuesAtOnce() throws Exception {
        NodeEnrolment.BrokerCredentials credentials = access.enrol("dpv3");
        assertEquals("node.dpv3", credentials.brokerUser());
        assertTrue(credentials.brokerPassword().length() >= 40);
        assertTrue(!credentials.toString().contains(credentials.brokerPassword()));
        String users = Files.readString(usersFile);
        assertTrue(users, users.contains("node.dpv3 = " + credentials.brokerPassword() + ",dlvm-node,node.dpv3"));
        // Karaf's login module reads the file at each login; the in-memory one here is told
        accounts.addUser("node.dpv3", credentials.brokerPassword());
        accounts.addRole("node.dpv3", "dlvm-node");
        accounts.addRole("node.dpv3", "node.dpv3");
        try (Connection dpv3 = as("node.dpv3", credentials.brokerPassword())) {
            Session s = dpv3.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue("dlvm.ihost.dpv3")).close();
            refused("reading dpv1's queue", () -> s.createConsumer(s.createQueue("dlvm.dpv.dpv1")));
        }
        String again = access.enrol("dpv3").brokerPassword();
        assertTrue("enrolling again changes the password", !again.equals(credentials.brokerPassword())
                && Files.readString(usersFile).contains("node.dpv3 = " + again + ","));
    }
}
