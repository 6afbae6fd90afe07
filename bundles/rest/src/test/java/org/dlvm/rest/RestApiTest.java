package org.dlvm.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
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
    private static final FakeDlvService dlvs = new FakeDlvService();
    private static final List<HealthCheck> checks = new ArrayList<>();
    private static volatile org.dlvm.api.MetricsExposition metrics;
    private static volatile org.dlvm.api.NodeEnrolment enrolment;
    private static final List<org.dlvm.api.AuditRecord> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes());

    @BeforeClass
    public static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/api/v1";
        List<Object> resources = RestServer.resources(dpvs, new NoDvgs(), new NoIhosts(), dlvs, new NoOperations(),
                () -> List.copyOf(checks), () -> metrics, () -> enrolment, "0.1.0", 1024);
        // the shipped realm's shape: an admin, a reader, and the broker account, whose role is neither
        Map<String, java.util.Set<String>> users = Map.of("karaf", java.util.Set.of("admin", "viewer"),
                "ro", java.util.Set.of("reader"), "dlvm", java.util.Set.of("dlvm"), "cin", java.util.Set.of("cinder"));
        server = RestServer.create(base, resources, (u, p) -> u.equals(p) ? users.get(u) : null, "0.1.0", audit::add);
    }

    @AfterClass
    public static void stop() {
        server.destroy();
    }

    @Before
    public void reset() {
        dpvs.stored.clear();
        NoDvgs.created.clear();
        dlvs.reset();
        checks.clear();
        audit.clear();
        metrics = null;
        enrolment = null;
    }

    private HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            b.header("Authorization", AUTH);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        violations.addAll(ApiConformance.check(base, method, path, r));
        return r;
    }

    /** Every answer a test received, checked against openapi.json: a test passes only if all of them conform. */
    private final List<String> violations = new ArrayList<>();

    @org.junit.After
    public void everyAnswerConformsToTheDocument() {
        assertTrue(String.join("\n", violations), violations.isEmpty());
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
    public void aDpvHasAFailureDomainThatCanBeChangedOrCleared() throws Exception {
        HttpResponse<String> r = send("POST", "/dpvs", "{\"name\":\"dpv1\",\"failure_domain\":\"rack1\"}", true);
        assertEquals(r.body(), 201, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"failure_domain\":\"rack1\""));
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv2\",\"failure_domain\":\"rack 2\"}", true), 400, "invalid_name");
        expectError(send("POST", "/dpvs", "{\"name\":\"dpv2\",\"failure_domain\":2}", true), 400, "wrong_type");
        assertEquals("nothing stored by the refusals", java.util.Set.of("dpv1"), dpvs.stored.keySet());

        HttpResponse<String> moved = send("PUT", "/dpvs/dpv1/failure-domain", "{\"failure_domain\":\"rack2\"}", true);
        assertEquals(moved.body(), 200, moved.statusCode());
        assertTrue(moved.body(), moved.body().contains("\"failure_domain\":\"rack2\""));
        expectError(send("PUT", "/dpvs/dpv1/failure-domain", "{}", true), 400, "missing_field");
        expectError(send("PUT", "/dpvs/nope/failure-domain", "{\"failure_domain\":null}", true), 404, "not_found");
        HttpResponse<String> cleared = send("PUT", "/dpvs/dpv1/failure-domain", "{\"failure_domain\":null}", true);
        assertEquals(cleared.body(), 200, cleared.statusCode());
        assertTrue(cleared.body(), cleared.body().contains("\"failure_domain\":null"));
    }

    @Test
    public void aDpvIsEvacuatedAndTakesLegsAgainWhenCancelled() throws Exception {
        send("POST", "/dpvs", "{\"name\":\"dpv1\"}", true);
        HttpResponse<String> draining = send("POST", "/dpvs/dpv1/evacuate", null, true);
        assertEquals(draining.body(), 200, draining.statusCode());
        assertTrue(draining.body(), draining.body().contains("\"draining\":true"));
        expectError(send("POST", "/dpvs/nope/evacuate", null, true), 404, "not_found");
        HttpResponse<String> back = send("DELETE", "/dpvs/dpv1/evacuate", null, true);
        assertEquals(back.body(), 200, back.statusCode());
        assertTrue(back.body(), back.body().contains("\"draining\":false"));
    }

    @Test
    public void aDvgHasARepairWindowOrTheControllersDefault() throws Exception {
        HttpResponse<String> set = send("PUT", "/dvgs/g1/repair-window", "{\"repair_after_seconds\":120}", true);
        assertEquals(set.body(), 200, set.statusCode());
        assertTrue(set.body(), set.body().contains("\"repair_after_seconds\":120"));
        HttpResponse<String> reset = send("PUT", "/dvgs/g1/repair-window", "{\"repair_after_seconds\":null}", true);
        assertEquals(reset.body(), 200, reset.statusCode());
        assertTrue(reset.body(), reset.body().contains("\"repair_after_seconds\":null"));
        expectError(send("PUT", "/dvgs/g1/repair-window", "{}", true), 400, "missing_field");
        expectError(send("PUT", "/dvgs/g1/repair-window", "{\"repair_after_seconds\":\"soon\"}", true), 400, "wrong_type");
        expectError(send("PUT", "/dvgs/g1/repair-window", "{\"repair_after_seconds\":0}", true), 400,
                "invalid_repair_after_seconds");
        expectError(send("PUT", "/dvgs/g9/repair-window", "{\"repair_after_seconds\":60}", true), 404, "not_found");
    }

    @Test
    public void aDvgHasADomainPolicy() throws Exception {
        HttpResponse<String> r = send("POST", "/dvgs", "{\"name\":\"g7\",\"domain_policy\":\"required\"}", true);
        assertEquals(r.body(), 201, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"domain_policy\":\"required\""));
        expectError(send("POST", "/dvgs", "{\"name\":\"g8\",\"domain_policy\":\"always\"}", true), 400, "invalid_value");
        expectError(send("PUT", "/dvgs/g7/domain-policy", "{\"domain_policy\":\"sometimes\"}", true), 400, "invalid_value");
        expectError(send("PUT", "/dvgs/g7/domain-policy", "{}", true), 400, "missing_field");
        assertFalse("the refused one was not created", NoDvgs.created.contains("g8"));
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
    public void aBodyIsOneJsonValueWithNothingAfterItAndEachFieldOnce() throws Exception {
        for (String body : new String[] {"{\"name\":\"dpv1\"} x", "{\"name\":\"dpv1\"}{\"name\":\"dpv2\"}",
                "{\"name\":\"dpv1\"} []", "{\"name\":\"dpv1\",\"name\":\"dpv2\"}"}) {
            expectError(send("POST", "/dpvs", body, true), 400, "invalid_json");
        }
        expectError(send("POST", "/dvgs", "{\"name\":\"g1\"} {}", true), 400, "invalid_json");
        assertTrue(dpvs.stored.isEmpty());
        assertTrue(NoDvgs.created.isEmpty());
        // white space after the value is still one value
        assertEquals(201, send("POST", "/dvgs", "{\"name\":\"g1\"} \n", true).statusCode());
    }

    @Test
    public void aDvgNameWithCharactersNoNameMayHoldIsBadInputNeverAServerError() throws Exception {
        for (String escaped : new String[] {"a b", "a\\tb", "a\\nb", "a\\u0000b", "a\\\"b", "a\\\\b", "a<b", "a/b", ""}) {
            HttpResponse<String> r = send("POST", "/dvgs", "{\"name\":\"" + escaped + "\"}", true);
            expectError(r, 400, escaped.isEmpty() ? "invalid_name" : "invalid_name");
        }
        assertTrue(NoDvgs.created.isEmpty());
        HttpResponse<String> ok = send("POST", "/dvgs", "{\"name\":\"volume-1.a:b_c\"}", true);
        assertEquals(ok.body(), 201, ok.statusCode());
        assertTrue(ok.headers().firstValue("Location").orElse("").endsWith("/dvgs/volume-1.a:b_c"));
    }

    @Test
    public void aReaderReadsAndTheBrokerAccountIsRefused() throws Exception {
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/dpvs")).header("Authorization",
                basic("ro", "ro")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(read.body(), 200, read.statusCode());
        HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(base + "/dpvs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dpv1\"}")).header("Content-Type", "application/json")
                .header("Authorization", basic("ro", "ro")).build(), HttpResponse.BodyHandlers.ofString());
        expectError(write, 403, "forbidden");
        HttpResponse<String> agent = http.send(HttpRequest.newBuilder(URI.create(base + "/dpvs")).header("Authorization",
                basic("dlvm", "dlvm")).build(), HttpResponse.BodyHandlers.ofString());
        expectError(agent, 403, "forbidden");
        assertTrue(dpvs.stored.isEmpty());
    }

    private HttpResponse<String> as(String user, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", basic(user, user)).build(),
                HttpResponse.BodyHandlers.ofString());
        violations.addAll(ApiConformance.check(base, method, path, r));
        return r;
    }

    @Test
    public void metricsAreTheExpositionsTextForAReaderAnd503WithoutIt() throws Exception {
        expectError(as("ro", "GET", "/metrics", null), 503, "metrics_unavailable");
        metrics = new org.dlvm.api.MetricsExposition() {
            public String contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }
            public void write(java.io.OutputStream out) throws java.io.IOException {
                out.write("# HELP dlvm_dlvs dlvs by status\ndlvm_dlvs{status=\"available\"} 3\n".getBytes(StandardCharsets.UTF_8));
            }
        };
        HttpResponse<String> r = as("ro", "GET", "/metrics", null);
        assertEquals(r.body(), 200, r.statusCode());
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(type, type.startsWith("text/plain;") && type.contains("version=0.0.4"));
        assertTrue(r.body(), r.body().contains("dlvm_dlvs{status=\"available\"} 3"));
        assertEquals(401, send("GET", "/metrics", null, false).statusCode());
    }

    @Test
    public void onlyAnAdministratorEnrolsANodeAndTheAnswerIsNotCached() throws Exception {
        expectError(send("POST", "/nodes/dpv1/broker-credentials", "{}", true), 409, "broker_external");
        List<String> enrolled = new java.util.concurrent.CopyOnWriteArrayList<>();
        enrolment = node -> {
            enrolled.add(node);
            return new org.dlvm.api.NodeEnrolment.BrokerCredentials(node, "node." + node, "pw-" + node);
        };
        HttpResponse<String> r = send("POST", "/nodes/dpv1/broker-credentials", "{}", true);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"broker_user\":\"node.dpv1\"") && r.body().contains("\"broker_password\":\"pw-dpv1\""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        expectError(as("cin", "POST", "/nodes/dpv1/broker-credentials", "{}"), 403, "forbidden");
        expectError(as("ro", "POST", "/nodes/dpv1/broker-credentials", "{}"), 403, "forbidden");
        expectError(send("POST", "/nodes/bad%20name/broker-credentials", "{}", true), 400, "invalid_name");
        expectError(send("POST", "/nodes/dpv1/broker-credentials", "{\"x\":1}", true), 400, "unknown_field");
        assertEquals(List.of("dpv1"), enrolled);
        assertTrue("the audit log has the request, never the password: " + audit,
                audit.stream().noneMatch(a -> a.line().contains("pw-dpv1")));
    }

    @Test
    public void theCinderRoleChangesDlvsAndReadsButAdministersNoNode() throws Exception {
        HttpResponse<String> created = as("cin", "POST", "/dlvs", V1);
        assertEquals(created.body(), 202, created.statusCode());
        assertEquals(List.of("cin"), dlvs.requesters);
        assertEquals(202, as("cin", "POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\"}").statusCode());
        assertEquals(200, as("cin", "GET", "/dvgs", null).statusCode());
        assertEquals(200, as("cin", "GET", "/dpvs", null).statusCode());
        for (String[] admin : new String[][] { {"POST", "/dpvs", "{\"name\":\"dpv1\"}"}, {"DELETE", "/dpvs/dpv1", null},
                {"POST", "/dvgs", "{\"name\":\"g2\"}"}, {"POST", "/dvgs/g1/extend", "{\"dpv\":\"dpv1\"}"},
                {"DELETE", "/dvgs/g1", null}, {"POST", "/ihosts", "{\"name\":\"h1\"}"}, {"DELETE", "/ihosts/h1", null} }) {
            HttpResponse<String> r = as("cin", admin[0], admin[1], admin[2]);
            expectError(r, 403, "forbidden");
            assertTrue(r.body(), r.body().contains("'admin'") && !r.body().contains("'cinder'"));
        }
        assertTrue(dpvs.stored.isEmpty());
        assertTrue(NoDvgs.created.isEmpty());
        assertEquals(2, dlvs.calls.size());
    }

    @Test
    public void everyChangeIsAuditedWithItsUserSourceAndOutcomeAndReadsAreNot() throws Exception {
        HttpResponse<String> created = send("POST", "/dlvs", V1, true);
        assertEquals(202, created.statusCode());
        send("GET", "/dlvs/v1", null, true);
        as("ro", "DELETE", "/dlvs/v1", null);
        as("nobody", "POST", "/dlvs/v1/detach", "{}");
        send("POST", "/dlvs", "{\"name\":", true);
        assertEquals(audit.toString(), 4, audit.size());
        org.dlvm.api.AuditRecord create = audit.get(0);
        assertEquals("karaf", create.user());
        assertEquals("127.0.0.1", create.source());
        assertEquals("POST /api/v1/dlvs", create.request());
        String operation = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).path("operation")
                .path("id").asText();
        assertTrue(created.body(), operation.startsWith("op-"));
        assertEquals("202 operation=" + operation, create.outcome());
        assertEquals("karaf", dlvs.requesters.get(0));
        assertEquals(List.of("ro", "DELETE /api/v1/dlvs/v1", "403"), List.of(audit.get(1).user(), audit.get(1).request(),
                audit.get(1).outcome()));
        assertEquals(List.of("nobody", "401"), List.of(audit.get(2).user(), audit.get(2).outcome()));
        assertEquals("400", audit.get(3).outcome());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    public void aLongListPagesWithANextLinkAndBadPagingIsBadInput() throws Exception {
        for (int i = 1; i <= 5; i++) {
            send("POST", "/dpvs", "{\"name\":\"dpv" + i + "\"}", true);
        }
        HttpResponse<String> first = send("GET", "/dpvs?limit=2&status=available", null, true);
        assertEquals(200, first.statusCode());
        assertTrue(first.body(), first.body().startsWith("[") && first.body().contains("dpv1") && first.body().contains("dpv2")
                && !first.body().contains("dpv3"));
        String link = first.headers().firstValue("Link").orElse("");
        assertTrue(link, link.matches("<http://127\\.0\\.0\\.1:\\d+/api/v1/dpvs\\?.*>;rel=\"next\"")
                || link.matches("<http://127\\.0\\.0\\.1:\\d+/api/v1/dpvs\\?.*>; ?rel=\"?next\"?"));
        assertTrue(link, link.contains("marker=dpv2") && link.contains("limit=2") && link.contains("status=available"));
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(second.body(), second.body().contains("dpv3") && second.body().contains("dpv4") && !second.body().contains("dpv2"));
        HttpResponse<String> last = send("GET", "/dpvs?marker=dpv4", null, true);
        assertTrue(last.body(), last.body().contains("dpv5") && last.headers().firstValue("Link").isEmpty());

        expectError(send("GET", "/dpvs?limit=abc", null, true), 400, "wrong_type");
        expectError(send("GET", "/dpvs?limit=0", null, true), 400, "invalid_limit");
        expectError(send("GET", "/dpvs?limit=1001", null, true), 400, "invalid_limit");
        expectError(send("GET", "/dpvs?marker=bad%20name", null, true), 400, "invalid_name");
        expectError(send("GET", "/dlvs?dvg=a%3Cb", null, true), 400, "invalid_name");
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
    public void theConformanceCheckRefusesAnswersTheDocumentDoesNotDescribe() throws Exception {
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        String dpv = "{\"name\":\"d\",\"address\":null,\"status\":\"available\",\"reason\":null,\"dvg\":null,"
                + "\"total_size\":1,\"free_size\":1,\"leg_count\":0,\"last_seen\":null,\"agent_version\":null,"
                + "\"failure_domain\":null,\"draining\":false}";
        assertEquals(List.of(), ApiConformance.check(base, "GET", "/dpvs/d", 200, json, dpv));
        assertEquals("an unknown field", 1, ApiConformance.check(base, "GET", "/dpvs/d", 200, json,
                dpv.replace("}", ",\"colour\":\"red\"}")).size());
        assertEquals("a missing field", 1, ApiConformance.check(base, "GET", "/dpvs/d", 200, json,
                dpv.replace("\"leg_count\":0,", "")).size());
        assertEquals("a size that is text", 1, ApiConformance.check(base, "GET", "/dpvs/d", 200, json,
                dpv.replace("\"total_size\":1", "\"total_size\":\"1\"")).size());
        assertEquals("a status the API does not answer", 1,
                ApiConformance.check(base, "GET", "/dpvs/d", 418, json, "{}").size());
        assertTrue("an error body that is not the API's", !ApiConformance.check(base, "GET", "/dpvs/d", 404, json,
                "{\"status\":404}").isEmpty());
    }

    /** Redocly's CLI (npm, pinned) with its recommended rules: the document lints clean, and a broken copy does not. */
    @Test
    public void theDocumentLintsCleanWithRedoclysRecommendedRules() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "redocly").toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        if (!java.nio.file.Files.exists(dir.resolve("node_modules/.bin/redocly"))) {
            assertEquals("npm install of @redocly/cli", 0, run(dir, "npm", "install", "--no-audit", "--no-fund",
                    "--loglevel=error", "@redocly/cli@" + System.getProperty("redocly.version", "2.77.0")).exit());
        }
        java.nio.file.Files.writeString(dir.resolve("redocly.yaml"), "extends:\n  - recommended\n");
        String document = ApiConformance.document(base);
        java.nio.file.Files.writeString(dir.resolve("openapi.json"), document);
        Lint clean = run(dir, dir.resolve("node_modules/.bin/redocly").toString(), "lint", "--config", "redocly.yaml",
                "openapi.json");
        assertEquals(clean.output(), 0, clean.exit());
        assertTrue(clean.output(), clean.output().contains("Your API description is valid"));
        assertTrue(clean.output(), !clean.output().matches("(?s).*\\d+ warnings?\\b.*"));
        // the same document without its servers and security: the linter must say so, or this test proves nothing
        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(document);
        broken.remove(List.of("servers", "security"));
        java.nio.file.Files.writeString(dir.resolve("broken.json"), broken.toString());
        Lint refused = run(dir, dir.resolve("node_modules/.bin/redocly").toString(), "lint", "--config", "redocly.yaml",
                "broken.json");
        assertEquals(refused.output(), 1, refused.exit());
        assertTrue(refused.output(), refused.output().contains("no-empty-servers"));
    }

    private record Lint(int exit, String output) {
    }

    private static Lint run(java.nio.file.Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("REDOCLY_TELEMETRY", "off");
        pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError(command[0] + " cannot be run (install Node.js and npm: .ci/run does): "
                    + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Lint(p.waitFor(), out);
    }

    @Test
    public void openApiDescribesTheResources() throws Exception {
        HttpResponse<String> r = send("GET", "/openapi.json", null, true);
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"openapi\"") && r.body().contains("/dvgs/{name}/extend"));
        for (String path : new String[] {"/dlvs", "/dlvs/{name}", "/dlvs/{name}/attach", "/dlvs/{name}/detach",
                "/dlvs/{name}/extend", "/dlvs/{name}/revert", "/dlvs/{name}/snapshots", "/dlvs/{name}/snapshots/{snap}"}) {
            assertTrue(path, r.body().contains("\"" + path + "\""));
        }
    }

    // ---- dlvs

    private static final String V1 = "{\"name\":\"v1\",\"size\":10737418240,\"dvg\":\"g1\"}";

    @Test
    public void aDlvIsCreatedWith202TheDefaultsAndItsOperation() throws Exception {
        HttpResponse<String> r = send("POST", "/dlvs", V1, true);
        assertEquals(r.body(), 202, r.statusCode());
        assertEquals(List.of("create DlvSpec[name=v1, size=10737418240, dvg=g1, stripeNumber=1, replicas=2, dataSize=null, source=null]"),
                dlvs.calls);
        assertTrue(r.body(), r.body().contains("\"name\":\"v1\"") && r.body().contains("\"status\":\"creating\"")
                && r.body().contains("\"stripe_number\":1") && r.body().contains("\"replicas\":2"));
        assertTrue(r.body(), r.body().contains("\"operation\":{\"id\":\"op-") && r.body().contains("\"kind\":\"dlv-create\""));
        assertTrue(r.headers().firstValue("Location").orElse(""),
                r.headers().firstValue("Location").orElse("").endsWith("/api/v1/dlvs/v1"));
    }

    @Test
    public void everyCreateFieldReachesTheService() throws Exception {
        HttpResponse<String> r = send("POST", "/dlvs", "{\"name\":\"v2\",\"size\":4294967296,\"dvg\":\"g1\","
                + "\"stripe_number\":4,\"replicas\":3,\"data_size\":1073741824,\"source\":null}", true);
        assertEquals(r.body(), 202, r.statusCode());
        assertEquals(List.of("create DlvSpec[name=v2, size=4294967296, dvg=g1, stripeNumber=4, replicas=3, dataSize=1073741824, source=null]"),
                dlvs.calls);
        assertTrue(r.body(), r.body().contains("\"data_size\":1073741824"));
    }

    @Test
    public void aDlvReadsInTheApiShape() throws Exception {
        send("POST", "/dlvs", V1, true);
        HttpResponse<String> one = send("GET", "/dlvs/v1", null, true);
        assertEquals(one.body(), 200, one.statusCode());
        for (String field : new String[] {"\"dvg\":\"g1\"", "\"size\":10737418240", "\"data_size\":5368709120",
                "\"device_path\":null", "\"ihost\":null", "\"snapshots\":[]", "\"groups\":[{\"index\":0",
                "\"kind\":\"meta\"", "\"kind\":\"data\"", "\"legs\":[{\"name\":\"v1-0-0\",\"dpv\":\"dpv1\"",
                "\"created_at\":\"2026-11-25T00:00:00Z\"", "\"updated_at\":", "\"health\":\"unknown\"",
                "\"health\":null,\"sync_action\":null,\"sync_percent\":null",
                "\"health\":\"syncing\",\"failure_domain\":null}],\"health\":\"Aa\",\"sync_action\":\"recover\",\"sync_percent\":41.2"}) {
            assertTrue(field + " in " + one.body(), one.body().contains(field));
        }
        assertTrue(one.body(), !one.body().contains("\"operation\""));
        HttpResponse<String> all = send("GET", "/dlvs", null, true);
        assertEquals(200, all.statusCode());
        assertTrue(all.body(), all.body().startsWith("[{\"name\":\"v1\""));
    }

    @Test
    public void attachDetachExtendAndDeleteAnswer202WithTheOperation() throws Exception {
        send("POST", "/dlvs", V1, true);
        dlvs.calls.clear();
        expectAccepted(send("POST", "/dlvs/v1/attach", "{\"ihost\":\"h1\"}", true), "attaching", "dlv-attach");
        expectAccepted(send("POST", "/dlvs/v1/extend", "{\"size\":21474836480}", true), "extending", "dlv-extend");
        expectAccepted(send("POST", "/dlvs/v1/detach", "{}", true), "detaching", "dlv-detach");
        // detach's body may be left out entirely
        expectAccepted(send("POST", "/dlvs/v1/detach", null, true), "detaching", "dlv-detach");
        expectAccepted(send("POST", "/dlvs/v1/detach", "{\"force\":true}", true), "detaching", "dlv-detach");
        expectAccepted(send("POST", "/dlvs/v1/detach", "{\"force\":false}", true), "detaching", "dlv-detach");
        HttpResponse<String> extended = send("GET", "/dlvs/v1", null, true);
        assertTrue(extended.body(), extended.body().contains("\"size\":21474836480"));
        assertEquals(List.of("attach v1 h1", "extend v1 21474836480", "detach v1", "detach v1", "detach v1 force",
                "detach v1", "get v1"), dlvs.calls);
        send("POST", "/dlvs", "{\"name\":\"v2\",\"size\":1,\"dvg\":\"g1\"}", true);
        expectAccepted(send("DELETE", "/dlvs/v2", null, true), "deleting", "dlv-delete");
        assertTrue(dlvs.calls.contains("delete v2"));
    }

    @Test
    public void aRevertAnswersTheDlvWithItsPendingSnapshot() throws Exception {
        send("POST", "/dlvs", V1, true);
        dlvs.calls.clear();
        HttpResponse<String> r = send("POST", "/dlvs/v1/revert", "{\"snapshot\":\"s1\"}", true);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"revert_pending\":\"s1\""));
        assertEquals(List.of("revert v1 s1"), dlvs.calls);
        expectError(send("POST", "/dlvs/v1/revert", "{}", true), 400, "missing_field");
        expectError(send("POST", "/dlvs/v1/revert", "{\"snapshot\":2}", true), 400, "wrong_type");
        expectError(send("POST", "/dlvs/nope/revert", "{\"snapshot\":\"s1\"}", true), 404, "not_found");
        dlvs.storeAttached("v3", "h1");
        expectError(send("POST", "/dlvs/v3/revert", "{\"snapshot\":\"s1\"}", true), 409, "attached");
    }

    @Test
    public void snapshotsAreCreatedListedReadAndDeleted() throws Exception {
        send("POST", "/dlvs", V1, true);
        dlvs.calls.clear();
        HttpResponse<String> created = send("POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\"}", true);
        expectAccepted(created, "creating", "snapshot-create");
        assertTrue(created.body(), created.body().contains("\"dlv\":\"v1\"") && created.body().contains("\"name\":\"s1\""));
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/dlvs/v1/snapshots/s1"));
        HttpResponse<String> list = send("GET", "/dlvs/v1/snapshots", null, true);
        assertEquals(200, list.statusCode());
        assertTrue(list.body(), list.body().startsWith("[{\"name\":\"s1\",\"dlv\":\"v1\",\"status\":\"creating\","
                + "\"created_at\":\"2026-11-25T00:00:00Z\"}"));
        HttpResponse<String> one = send("GET", "/dlvs/v1/snapshots/s1", null, true);
        assertEquals(200, one.statusCode());
        expectAccepted(send("DELETE", "/dlvs/v1/snapshots/s1", null, true), "deleting", "snapshot-delete");
        assertEquals(List.of("snapshot-create v1 s1", "snapshots v1", "snapshot v1 s1", "snapshot-delete v1 s1"),
                dlvs.calls);
    }

    @Test
    public void badDlvInputAnswers400WithAReasonAndReachesNoService() throws Exception {
        String[][] battery = {
                {"POST", "/dlvs", "{}", "missing_field", "'name'"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"dvg\":\"g1\"}", "missing_field", "'size'"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1}", "missing_field", "'dvg'"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":null,\"dvg\":\"g1\"}", "missing_field", "'size'"},
                {"POST", "/dlvs", "{\"name\":7,\"size\":1,\"dvg\":\"g1\"}", "wrong_type", "'name' must be a string"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":[]}", "wrong_type", "'dvg' must be a string"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":\"10G\",\"dvg\":\"g1\"}", "wrong_type", "got string"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":\"1024\",\"dvg\":\"g1\"}", "wrong_type", "got string"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1.5,\"dvg\":\"g1\"}", "wrong_type", "got number"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1024.0,\"dvg\":\"g1\"}", "wrong_type", "'size' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1e9,\"dvg\":\"g1\"}", "wrong_type", "'size' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":true,\"dvg\":\"g1\"}", "wrong_type", "got boolean"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":{},\"dvg\":\"g1\"}", "wrong_type", "got object"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":9223372036854775808,\"dvg\":\"g1\"}", "wrong_type",
                        "between -9223372036854775808 and 9223372036854775807"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"stripe_number\":2147483648}",
                        "wrong_type", "'stripe_number' must be an integer between"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"stripe_number\":\"2\"}",
                        "wrong_type", "'stripe_number' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"replicas\":2.0}", "wrong_type",
                        "'replicas' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"replicas\":false}", "wrong_type",
                        "'replicas' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"data_size\":\"1G\"}", "wrong_type",
                        "'data_size' must be an integer"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"source\":\"v0\"}", "wrong_type",
                        "'source' must be an object"},
                // a type error is reported even when the request also asks for a clone
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":\"1\",\"dvg\":\"g1\",\"source\":{\"dlv\":\"v0\"}}",
                        "wrong_type", "'size'"},
                {"POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"g1\",\"stripes\":2}", "unknown_field",
                        "'stripes'"},
                {"POST", "/dlvs", "{\"name\":\"v1\",", "invalid_json", "not valid JSON"},
                {"POST", "/dlvs", "[]", "invalid_json", "JSON object"},
                {"POST", "/dlvs/v1/attach", "{}", "missing_field", "'ihost'"},
                {"POST", "/dlvs/v1/attach", "{\"ihost\":1}", "wrong_type", "'ihost' must be a string"},
                {"POST", "/dlvs/v1/attach", "{\"host\":\"h1\"}", "unknown_field", "'host'"},
                {"POST", "/dlvs/v1/detach", "{\"force\":\"yes\"}", "wrong_type", "'force' must be true or false"},
                {"POST", "/dlvs/v1/detach", "{\"force\":1}", "wrong_type", "'force' must be true or false"},
                {"POST", "/dlvs/v1/detach", "{\"forced\":true}", "unknown_field", "'forced'"},
                {"POST", "/dlvs/v1/detach", "\"now\"", "invalid_json", "JSON object"},
                {"POST", "/dlvs/v1/extend", "{}", "missing_field", "'size'"},
                {"POST", "/dlvs/v1/extend", "{\"size\":\"20G\"}", "wrong_type", "'size' must be an integer"},
                {"POST", "/dlvs/v1/extend", "{\"size\":2.5e10}", "wrong_type", "'size' must be an integer"},
                {"POST", "/dlvs/v1/snapshots", "{}", "missing_field", "'name'"},
                {"POST", "/dlvs/v1/snapshots", "{\"name\":5}", "wrong_type", "'name' must be a string"},
                {"POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\",\"dlv\":\"v1\"}", "unknown_field", "'dlv'"},
                {"POST", "/dlvs", "{\"name\":\"" + "x".repeat(2000) + "\",\"size\":1,\"dvg\":\"g1\"}", "body_too_large",
                        "1024 bytes"},
        };
        for (String[] bad : battery) {
            HttpResponse<String> r = send(bad[0], bad[1], bad[2], true);
            String what = bad[1] + " " + bad[2].substring(0, Math.min(60, bad[2].length())) + " -> " + r.body();
            assertEquals(what, 400, r.statusCode());
            assertTrue(what, r.body().contains("\"error\":\"" + bad[3] + "\""));
            assertTrue(what, r.body().contains(bad[4]));
        }
        assertEquals(List.of(), dlvs.calls);
    }

    @Test
    public void aCloneNamesItsSourceInEitherFormAndShowsItsProgress() throws Exception {
        HttpResponse<String> ofDlv = send("POST", "/dlvs",
                "{\"name\":\"c1\",\"size\":4194304,\"dvg\":\"g1\",\"source\":{\"dlv\":\"v0\"}}", true);
        assertEquals(ofDlv.body(), 202, ofDlv.statusCode());
        assertTrue(ofDlv.body(), ofDlv.body().contains("\"status\":\"cloning\"")
                && ofDlv.body().contains("\"clone_source\":\"v0\",\"clone_snapshot\":\"clone-c1\",\"cloned_bytes\":1048576,"
                        + "\"clone_bytes\":4194304,\"clone_percent\":25"));
        HttpResponse<String> ofSnapshot = send("POST", "/dlvs", "{\"name\":\"c2\",\"size\":4194304,\"dvg\":\"g1\","
                + "\"source\":{\"snapshot\":{\"dlv\":\"v0\",\"name\":\"s1\"}}}", true);
        assertEquals(ofSnapshot.body(), 202, ofSnapshot.statusCode());
        assertTrue(dlvs.calls.toString(), dlvs.calls.get(0).contains("source=CloneSource[dlv=v0, snapshot=null]")
                && dlvs.calls.get(1).contains("source=CloneSource[dlv=v0, snapshot=s1]"));
    }

    @Test
    public void aSourceOfNeitherFormIsA400ThatNamesTheField() throws Exception {
        String[][] battery = {
                {"{}", "invalid", "either"},
                {"{\"dlv\":\"v0\",\"snapshot\":{\"dlv\":\"v0\",\"name\":\"s1\"}}", "invalid", "either"},
                {"{\"dlv\":5}", "wrong_type", "'source.dlv' must be a string"},
                {"{\"volume\":\"v0\"}", "unknown_field", "'source.volume'"},
                {"{\"snapshot\":\"s1\"}", "wrong_type", "'source.snapshot' must be an object"},
                {"{\"snapshot\":{\"dlv\":\"v0\"}}", "missing_field", "'source.snapshot.name'"},
                {"{\"snapshot\":{\"dlv\":\"v0\",\"name\":\"s1\",\"at\":1}}", "unknown_field", "'source.snapshot.at'"},
        };
        for (String[] bad : battery) {
            HttpResponse<String> r = send("POST", "/dlvs", "{\"name\":\"c1\",\"size\":1,\"dvg\":\"g1\",\"source\":"
                    + bad[0] + "}", true);
            expectError(r, 400, bad[1]);
            assertTrue(bad[0] + " -> " + r.body(), r.body().contains(bad[2]));
        }
        assertEquals(List.of(), dlvs.calls);
    }

    @Test
    public void theServicesRefusalsPassThrough() throws Exception {
        expectError(send("GET", "/dlvs/nope", null, true), 404, "not_found");
        expectError(send("DELETE", "/dlvs/nope", null, true), 404, "not_found");
        expectError(send("POST", "/dlvs/nope/attach", "{\"ihost\":\"h1\"}", true), 404, "not_found");
        expectError(send("POST", "/dlvs/nope/detach", "{}", true), 404, "not_found");
        expectError(send("POST", "/dlvs/nope/extend", "{\"size\":1}", true), 404, "not_found");
        expectError(send("GET", "/dlvs/nope/snapshots", null, true), 404, "not_found");
        expectError(send("POST", "/dlvs/nope/snapshots", "{\"name\":\"s1\"}", true), 404, "not_found");
        expectError(send("GET", "/dlvs/nope/snapshots/s1", null, true), 404, "not_found");
        expectError(send("DELETE", "/dlvs/nope/snapshots/s1", null, true), 404, "not_found");
        expectError(send("POST", "/dlvs", "{\"name\":\"v1\",\"size\":1,\"dvg\":\"nope\"}", true), 404, "not_found");
        expectError(send("POST", "/dlvs", "{\"name\":\"bad name\",\"size\":1,\"dvg\":\"g1\"}", true), 400,
                "invalid_name");

        dlvs.storeAttached("v1", "h1");
        expectError(send("POST", "/dlvs", V1, true), 409, "exists");
        expectError(send("DELETE", "/dlvs/v1", null, true), 409, "attached");
        expectError(send("POST", "/dlvs/v1/attach", "{\"ihost\":\"h2\"}", true), 409, "attached");
        expectError(send("POST", "/dlvs/v1/extend", "{\"size\":1}", true), 400, "not_larger");
        assertEquals(202, send("POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\"}", true).statusCode());
        expectError(send("POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\"}", true), 409, "exists");
        expectError(send("PUT", "/dlvs/v1", "{}", true), 405, "method_not_allowed");
    }

    @Test
    public void dlvOperationsNeedTheBrokerButReadsDoNot() throws Exception {
        dlvs.storeAttached("v1", "h1");
        checks.add(check("broker", "cannot connect to tcp://localhost:61616: refused"));
        expectError(send("POST", "/dlvs", "{\"name\":\"v2\",\"size\":1,\"dvg\":\"g1\"}", true), 503,
                "broker_unavailable");
        expectError(send("DELETE", "/dlvs/v1", null, true), 503, "broker_unavailable");
        expectError(send("POST", "/dlvs/v1/attach", "{\"ihost\":\"h1\"}", true), 503, "broker_unavailable");
        expectError(send("POST", "/dlvs/v1/detach", "{}", true), 503, "broker_unavailable");
        expectError(send("POST", "/dlvs/v1/extend", "{\"size\":2147483648}", true), 503, "broker_unavailable");
        expectError(send("POST", "/dlvs/v1/snapshots", "{\"name\":\"s1\"}", true), 503, "broker_unavailable");
        expectError(send("DELETE", "/dlvs/v1/snapshots/s1", null, true), 503, "broker_unavailable");
        assertEquals(List.of(), dlvs.calls);
        assertEquals(200, send("GET", "/dlvs/v1", null, true).statusCode());
        assertEquals(200, send("GET", "/dlvs/v1/snapshots", null, true).statusCode());
    }

    @Test
    public void dlvPathsNeedCredentials() throws Exception {
        expectError(send("GET", "/dlvs", null, false), 401, "unauthorized");
        expectError(send("POST", "/dlvs", V1, false), 401, "unauthorized");
        expectError(send("DELETE", "/dlvs/v1/snapshots/s1", null, false), 401, "unauthorized");
        assertEquals(List.of(), dlvs.calls);
    }

    private void expectAccepted(HttpResponse<String> r, String status, String kind) {
        assertEquals(r.body(), 202, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"status\":\"" + status + "\""));
        assertTrue(r.body(), r.body().contains("\"operation\":{") && r.body().contains("\"kind\":\"" + kind + "\"")
                && r.body().contains("\"status\":\"pending\""));
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

        public Accepted<Dpv> register(String name, String address, String domain, org.dlvm.api.Requester by) {
            Names.require("name", name);
            Names.optionalDomain("failure_domain", domain);
            Dpv dpv = new Dpv(name, address, NodeStatus.unavailable, "waiting", null, 0, 0, 0, null, null, domain);
            if (stored.putIfAbsent(name, dpv) != null) {
                throw DlvmException.conflict("exists", "a dpv named '" + name + "' exists");
            }
            return new Accepted<>(dpv, new Operation("00000000-0000-0000-0000-000000000001", "dpv-register",
                    "dpv/" + name, OperationStatus.pending, null, "2026-11-25T00:00:00Z", null, by.user()));
        }

        public Page<Dpv> list(ListQuery query) {
            List<Dpv> sorted = stored.values().stream().sorted(java.util.Comparator.comparing(Dpv::name))
                    .filter(d -> query.nameMarker() == null || d.name().compareTo(query.nameMarker()) > 0).toList();
            return sorted.size() <= query.limit() ? new Page<>(sorted, null)
                    : new Page<>(sorted.subList(0, query.limit()), sorted.get(query.limit() - 1).name());
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

        public Dpv setFailureDomain(String name, String domain) {
            Names.optionalDomain("failure_domain", domain);
            Dpv d = get(name);
            Dpv changed = new Dpv(d.name(), d.address(), d.status(), d.reason(), d.dvg(), d.totalSize(), d.freeSize(),
                    d.legCount(), d.lastSeen(), d.agentVersion(), domain);
            stored.put(name, changed);
            return changed;
        }

        public Dpv evacuate(String name) {
            return draining(get(name), true);
        }

        public Dpv cancelEvacuation(String name) {
            return draining(get(name), false);
        }

        private Dpv draining(Dpv d, boolean draining) {
            Dpv changed = new Dpv(d.name(), d.address(), d.status(), d.reason(), d.dvg(), d.totalSize(), d.freeSize(),
                    d.legCount(), d.lastSeen(), d.agentVersion(), d.failureDomain(), draining);
            stored.put(d.name(), changed);
            return changed;
        }
    }

    static final class NoDvgs implements DvgService {
        static final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        public Dvg create(String n, org.dlvm.api.DomainPolicy policy) {
            Names.require("name", n);
            created.add(n);
            return new Dvg(n, List.of(), 0, 0, 0, policy == null ? org.dlvm.api.DomainPolicy.preferred : policy);
        }
        public Dvg setDomainPolicy(String n, org.dlvm.api.DomainPolicy policy) { throw DlvmException.notFound("dvg", n); }
        public Dvg setRepairWindow(String n, Long seconds) {
            if (seconds != null && seconds < 1) {
                throw DlvmException.invalid("invalid_repair_after_seconds", "repair_after_seconds must be 1 or more");
            }
            if (!n.equals("g1")) {
                throw DlvmException.notFound("dvg", n);
            }
            return new Dvg(n, List.of(), 0, 0, 0, org.dlvm.api.DomainPolicy.preferred, seconds);
        }
        public Page<Dvg> list(ListQuery query) { return new Page<>(List.of(), null); }
        public Dvg get(String n) { throw DlvmException.notFound("dvg", n); }
        public Dvg extend(String d, String p) { throw DlvmException.notFound("dvg", d); }
        public Dvg reduce(String d, String p) { throw DlvmException.notFound("dvg", d); }
        public void delete(String n) { throw DlvmException.notFound("dvg", n); }
    }

    static final class NoIhosts implements IhostService {
        public Accepted<Ihost> register(String n, String i, org.dlvm.api.Requester by) { throw new UnsupportedOperationException(); }
        public Page<Ihost> list(ListQuery query) { return new Page<>(List.of(), null); }
        public Ihost get(String n) { throw DlvmException.notFound("ihost", n); }
        public void delete(String n) { throw DlvmException.notFound("ihost", n); }
    }

    static final class NoOperations implements OperationService {
        public Operation get(String id) { throw DlvmException.notFound("operation", id); }
        public Page<Operation> list(ListQuery query) { return new Page<>(List.of(), null); }
    }
}
