package org.dlvm.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.cxf.endpoint.Server;
import org.dlvm.api.Accepted;
import org.dlvm.api.DlvmException;
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.Names;
import org.dlvm.api.NodeStatus;
import org.dlvm.api.Operation;
import org.dlvm.api.OperationService;
import org.dlvm.api.OperationStatus;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The HTTP contract of API.md against a real CXF server on Jetty: status codes, error bodies,
 * authentication, and that bad input reaches no service.
 */
public class RestApiTest {
    private static Server server;
    private static String base;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final FakeDpvs dpvs = new FakeDpvs();
    private static final List<HealthCheck> checks = new ArrayList<>();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes());

    @BeforeClass
    public static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/api/v1";
        Resources resources = new Resources(dpvs, new NoDvgs(), new NoIhosts(), new NoOperations(),
                () -> List.copyOf(checks), "0.1.0", 1024);
        server = RestServer.create(base, resources, (u, p) -> "karaf".equals(u) && "karaf".equals(p), "0.1.0");
    }

    @AfterClass
    public static void stop() {
        server.destroy();
    }

    @Before
    public void reset() {
        dpvs.stored.clear();
        checks.clear();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            b.header("Authorization", AUTH);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void expectError(HttpResponse<String> r, int status, String code) {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"error\":\"" + code + "\""));
        assertTrue(r.body(), r.body().contains("\"message\":"));
    }

    @Test
    public void rootAndHealthNeedNoCredentials() throws Exception {
        HttpResponse<String> root = send("GET", "/", null, false);
        assertEquals(200, root.statusCode());
        assertTrue(root.body(), root.body().contains("\"service\":\"dlvm\"") && root.body().contains("\"api\":\"v1\""));
        assertEquals(200, send("GET", "/health", null, false).statusCode());
    }

    @Test
    public void healthAnswers503AndListsEachProblem() throws Exception {
        checks.add(check("database", null));
        checks.add(check("broker", "cannot connect to tcp://x:61616"));
        HttpResponse<String> r = send("GET", "/health", null, false);
        assertEquals(503, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"database\":\"ok\"") && r.body().contains("cannot connect"));
    }

    @Test
    public void everythingElseNeedsCredentials() throws Exception {
        expectError(send("GET", "/dpvs", null, false), 401, "unauthorized");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/dpvs"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("karaf:nope".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        expectError(wrong, 401, "unauthorized");
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv1\"}", false), 401, "unauthorized");
        assertTrue("nothing stored without credentials", dpvs.stored.isEmpty());
        expectError(send("GET", "/openapi.json", null, false), 401, "unauthorized");
    }

    @Test
    public void aDpvIsCreatedWith201AndItsOperation() throws Exception {
        HttpResponse<String> r = send("POST", "/dpvs", "{\"name\":\"dpv1\",\"address\":\"10.0.0.1\"}", true);
        assertEquals(r.body(), 201, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"name\":\"dpv1\"") && r.body().contains("\"status\":\"unavailable\""));
        assertTrue(r.body(), r.body().contains("\"total_size\":0") && r.body().contains("\"operation\":{"));
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/dpvs/dpv1"));
        HttpResponse<String> got = send("GET", "/dpvs/dpv1", null, true);
        assertEquals(200, got.statusCode());
        assertTrue(got.body(), got.body().contains("\"free_size\":0"));
    }

    @Test
    public void badBodiesAnswer400AndStoreNothing() throws Exception {
        expectError(send("POST", "/dpvs", "{\"name\":", true), 400, "invalid_json");
        expectError(send("POST", "/dpvs", "[1,2]", true), 400, "invalid_json");
        expectError(send("POST", "/dpvs", "{}", true), 400, "missing_field");
        expectError(send("POST", "/dpvs", "{\"name\":42}", true), 400, "wrong_type");
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv1\",\"colour\":\"red\"}", true), 400, "unknown_field");
        expectError(send("POST", "/dpvs", "{\"name\":\"bad name\"}", true), 400, "invalid_name");
        expectError(send("POST", "/dpvs", "{\"name\":\"" + "x".repeat(2000) + "\"}", true), 400, "body_too_large");
        assertTrue(dpvs.stored.isEmpty());
    }

    @Test
    public void conflictsAndMissingObjects() throws Exception {
        assertEquals(201, send("POST", "/dpvs", "{\"name\":\"dpv1\"}", true).statusCode());
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv1\"}", true), 409, "exists");
        expectError(send("GET", "/dpvs/nope", null, true), 404, "not_found");
        expectError(send("GET", "/no/such/path", null, true), 404, "not_found");
        expectError(send("DELETE", "/dpvs", null, true), 405, "method_not_allowed");
    }

    @Test
    public void aMissingBrokerAnswers503BeforeAnythingIsStored() throws Exception {
        checks.add(check("broker", "cannot connect to tcp://localhost:61616: refused"));
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv1\"}", true), 503, "broker_unavailable");
        assertTrue(dpvs.stored.isEmpty());
    }

    @Test
    public void dlvsAnswer501ForNow() throws Exception {
        expectError(send("GET", "/dlvs", null, true), 501, "not_implemented");
        expectError(send("POST", "/dlvs/v1/attach", "{}", true), 501, "not_implemented");
    }

    @Test
    public void openApiDescribesTheResources() throws Exception {
        HttpResponse<String> r = send("GET", "/openapi.json", null, true);
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"openapi\"") && r.body().contains("/dvgs/{name}/extend"));
    }

    private static HealthCheck check(String name, String problem) {
        return new HealthCheck() {
            public String name() {
                return name;
            }

            public String problem() {
                return problem;
            }
        };
    }

    static final class FakeDpvs implements DpvService {
        final Map<String, Dpv> stored = new ConcurrentHashMap<>();

        public Accepted<Dpv> register(String name, String address) {
            Names.require("name", name);
            Dpv dpv = new Dpv(name, address, NodeStatus.unavailable, "waiting", null, 0, 0, 0, null, null);
            if (stored.putIfAbsent(name, dpv) != null) {
                throw DlvmException.conflict("exists", "a dpv named '" + name + "' exists");
            }
            return new Accepted<>(dpv, new Operation("00000000-0000-0000-0000-000000000001", "dpv-register",
                    "dpv/" + name, OperationStatus.pending, null, "2026-11-25T00:00:00Z", null));
        }

        public List<Dpv> list() {
            return List.copyOf(stored.values());
        }

        public Dpv get(String name) {
            Dpv d = stored.get(name);
            if (d == null) {
                throw DlvmException.notFound("dpv", name);
            }
            return d;
        }

        public void delete(String name) {
            stored.remove(name);
        }
    }

    static final class NoDvgs implements DvgService {
        public Dvg create(String n) { throw new UnsupportedOperationException(); }
        public List<Dvg> list() { return List.of(); }
        public Dvg get(String n) { throw DlvmException.notFound("dvg", n); }
        public Dvg extend(String d, String p) { throw DlvmException.notFound("dvg", d); }
        public Dvg reduce(String d, String p) { throw DlvmException.notFound("dvg", d); }
        public void delete(String n) { throw DlvmException.notFound("dvg", n); }
    }

    static final class NoIhosts implements IhostService {
        public Accepted<Ihost> register(String n, String i) { throw new UnsupportedOperationException(); }
        public List<Ihost> list() { return List.of(); }
        public Ihost get(String n) { throw DlvmException.notFound("ihost", n); }
        public void delete(String n) { throw DlvmException.notFound("ihost", n); }
    }

    static final class NoOperations implements OperationService {
        public Operation get(String id) { throw DlvmException.notFound("operation", id); }
        public List<Operation> list(int limit) { return List.of(); }
    }
}
