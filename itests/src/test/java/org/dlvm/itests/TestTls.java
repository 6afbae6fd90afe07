package org.dlvm.itests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS as docs/OPERATIONS.md "TLS" has an operator switch it on: the JDK's keytool makes the
 * controller's keystore (a self-signed certificate for localhost and 127.0.0.1) and a trust
 * store holding that certificate only; the controller serves REST and the broker from the first,
 * every node's agents (and this test's clients) trust the second.
 */
final class TestTls {
    /** Where a node finds them: etc/dlvm-secrets/. */
    static final String KEYSTORE = "tls.p12";
    static final String PASSWORD = "tls.password";
    static final String TRUSTSTORE = "tls-trust.jks";

    private final Path keystore;
    private final Path truststore;
    private final String password;

    private TestTls(Path keystore, Path truststore, String password) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.password = password;
    }

    static TestTls make(Path dir) throws Exception {
        dir = dir.toAbsolutePath();
        Node.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keystore = dir.resolve(KEYSTORE);
        Path cert = dir.resolve("controller.crt");
        Path truststore = dir.resolve(TRUSTSTORE);
        Node.run(dir.toFile(), keytool, "-genkeypair", "-alias", "controller", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "7", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        Node.run(dir.toFile(), keytool, "-exportcert", "-alias", "controller", "-keystore", keystore.toString(),
                "-storepass", password, "-rfc", "-file", cert.toString());
        Node.run(dir.toFile(), keytool, "-importcert", "-noprompt", "-alias", "controller", "-file", cert.toString(),
                "-storetype", "JKS", "-keystore", truststore.toString(), "-storepass", password);
        return new TestTls(keystore, truststore, password);
    }

    /** The controller serves HTTPS only and a TLS acceptor: the keystore and its password file, the two switches. */
    void serve(Node controller) throws Exception {
        controller.putSecretFile(KEYSTORE, keystore);
        controller.putSecret(PASSWORD, password);
        controller.put("org.ops4j.pax.web.cfg", Map.of("org.osgi.service.http.enabled", "false",
                "org.osgi.service.http.secure.enabled", "true",
                "org.osgi.service.http.port.secure", String.valueOf(controllerPort(controller))));
        Path artemis = controller.home.resolve("etc/artemis.xml");
        String xml = Files.readString(artemis);
        if (!xml.contains("sslEnabled=false")) {
            throw new IllegalStateException(artemis + " has no acceptor with sslEnabled=false to switch on");
        }
        Files.writeString(artemis, xml.replace("sslEnabled=false", "sslEnabled=true"));
    }

    private static int controllerPort(Node controller) throws Exception {
        Path cfg = controller.home.resolve("etc/org.ops4j.pax.web.cfg");
        for (String line : Files.readAllLines(cfg)) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("org.osgi.service.http.port")) {
                return Integer.parseInt(kv[1].trim());
            }
        }
        throw new IllegalStateException(cfg + " names no HTTP port");
    }

    /** A node's agents (or a controller's own connection) trust the controller's certificate. */
    void trust(Node node) throws Exception {
        node.putSecretFile(TRUSTSTORE, truststore);
    }

    /** The broker.url of a node that trusts the controller: host name checked against the certificate. */
    static String brokerUrl(String host, int port) {
        return "tcp://" + host + ":" + port + "?sslEnabled=true;trustStorePath=${karaf.etc}/dlvm-secrets/" + TRUSTSTORE
                + ";trustStoreType=JKS";
    }

    /** The same for a client in this JVM. */
    String clientBrokerUrl(String host, int port) {
        return "tcp://" + host + ":" + port + "?sslEnabled=true;trustStorePath=" + truststore + ";trustStoreType=JKS";
    }

    /** An SSL context that trusts the controller's certificate only. */
    SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, null);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
