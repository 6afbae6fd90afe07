package org.dlvm.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/** A small client of the controller's REST API. */
final class Api {
    private final String base;
    private final HttpClient http;
    private final Password password;

    /** The administrator's password, known only once the controller made it. */
    interface Password {
        String get() throws Exception;
    }

    /** As user karaf of the controller node whose REST API listens on {@code port}. */
    Api(int port, Password password) {
        this("http", port, password, HttpClient.newBuilder());
    }

    /** The same over HTTPS, trusting what {@code tls} trusts. */
    Api(int port, Password password, javax.net.ssl.SSLContext tls) {
        this("https", port, password, HttpClient.newBuilder().sslContext(tls));
    }

    private Api(String scheme, int port, Password password, HttpClient.Builder http) {
        this.base = scheme + "://127.0.0.1:" + port + "/api/v1";
        this.password = password;
        this.http = http.connectTimeout(Duration.ofSeconds(5)).build();
    }

    private String auth() throws Exception {
        return "Basic " + Base64.getEncoder().encodeToString(("karaf:" + password.get()).getBytes());
    }

    record Reply(int status, String body) {
        boolean has(String fragment) {
            return body.contains(fragment);
        }
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null, true);
    }

    Reply post(String path, String json) throws Exception {
        return send("POST", path, json, true);
    }

    Reply delete(String path) throws Exception {
        return send("DELETE", path, null, true);
    }

    Reply send(String method, String path, String json, boolean auth) throws Exception {
        return send(method, path, json, auth ? auth() : null);
    }

    /** As another user of the realm. */
    Reply getAs(String user, String password, String path) throws Exception {
        return send("GET", path, null, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }

    private Reply send(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** Enrols node {@code name} (POST /nodes/{name}/broker-credentials) and returns its new broker password. */
    String enrol(String name) throws Exception {
        Reply r = post("/nodes/" + name + "/broker-credentials", "{}");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"broker_password\":\"([^\"]+)\"").matcher(r.body());
        if (r.status() != 200 || !m.find()) {
            throw new IllegalStateException("enrolling " + name + ": " + r.status() + " " + r.body());
        }
        return m.group(1);
    }

    boolean reachable() {
        try {
            send("GET", "/", null, false);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Polls until the reply satisfies the condition; fails with the last reply seen. */
    Reply await(String path, Predicate<Reply> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (condition.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                lastError = e;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("GET " + path + " did not reach the expected state within " + timeout + "; last: "
                + (last == null ? lastError : last.status() + " " + last.body()));
    }
}
