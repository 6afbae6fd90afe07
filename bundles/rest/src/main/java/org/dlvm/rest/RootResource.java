package org.dlvm.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.dlvm.api.HealthCheck;

/** GET / and GET /health: the two paths that need no credentials. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "service")
public class RootResource {
    private final ResourceSupport support;
    private final String version;

    RootResource(ResourceSupport support, String version) {
        this.support = support;
        this.version = version;
    }

    @GET
    @Operation(operationId = "root", summary = "What answers here: the service, the API version and DLVM's version")
    @ApiResponse(responseCode = "200", description = "the service",
            content = @Content(schema = @Schema(implementation = Schemas.Service.class)))
    public Map<String, String> root() {
        return Map.of("service", "dlvm", "api", "v1", "version", version);
    }

    @GET
    @Path("health")
    @Operation(operationId = "health", summary = "Whether the controller can reach its database and broker")
    @ApiResponse(responseCode = "200", description = "everything reachable",
            content = @Content(schema = @Schema(implementation = Schemas.Health.class)))
    @ApiResponse(responseCode = "503", description = "something unreachable; each check says what",
            content = @Content(schema = @Schema(implementation = Schemas.Health.class)))
    public Response health() {
        Map<String, String> status = new LinkedHashMap<>();
        boolean ok = true;
        for (HealthCheck check : support.checks()) {
            String problem = check.problem();
            status.put(check.name(), problem == null ? "ok" : problem);
            ok &= problem == null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("checks", status);
        return Response.status(ok ? 200 : 503).entity(body).build();
    }
}
