package org.dlvm.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Checks answers against the server's own openapi.json with Atlassian's OpenAPI validator: status,
 * content type, headers and body schema of each documented operation. Answers to paths or methods
 * the document does not have (a test of 404 and 405 for those) are not the document's matter.
 */
final class ApiConformance {
    private static final Set<String> NOT_IN_DOCUMENT = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static OpenApiInteractionValidator validator;

    private ApiConformance() {
    }

    private static synchronized OpenApiInteractionValidator validator(String base) throws Exception {
        if (validator == null) {
            String doc = document(base);
            // kept for whoever reads the build: the document as this server wrote it
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), doc);
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(doc).build();
        }
        return validator;
    }

    static String document(String base) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/openapi.json"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static List<String> check(String base, String method, String path, HttpResponse<String> r) throws Exception {
        return check(base, method, path, r.statusCode(), r.headers().map(), r.body());
    }

    static List<String> check(String base, String method, String path, int status,
            java.util.Map<String, List<String>> headers, String body) throws Exception {
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach((name, values) -> response.withHeader(name, values));
        if (!body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator(base).validateResponse("/api/v1" + (pathOnly.isEmpty() ? "/" : pathOnly),
                Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        List<String> out = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR && !NOT_IN_DOCUMENT.contains(m.getKey())) {
                out.add(method + " " + path + " -> " + status + ": " + m.getKey() + ": " + m.getMessage()
                        + (m.getNestedMessages().isEmpty() ? "" : " " + m.getNestedMessages()));
            }
        }
        return out;
    }
}
