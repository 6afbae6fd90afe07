package org.dlvm.rest;

import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.dlvm.api.DlvmException;
import org.dlvm.api.MetricsExposition;

/** Prometheus scrapes here, with a reader's credentials (docs/OPERATIONS.md has the scrape config). */
@Path("/metrics")
@Tag(name = "metrics")
public class MetricsResource {
    private final Supplier<MetricsExposition> metrics;

    MetricsResource(Supplier<MetricsExposition> metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getMetrics", summary = "The controller's figures in Prometheus' text format")
    @ApiResponse(responseCode = "200", description = "operations, nodes, capacity, dlvs, agent request latency, health",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "503", description = "this controller has no metrics component running",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schemas.Error.class)))
    public Response metrics() {
        MetricsExposition exposition = metrics.get();
        if (exposition == null) {
            throw DlvmException.unavailable("metrics_unavailable", "the metrics component (bundle dlvm-metrics) is not running"
                    + " on this controller", null);
        }
        StreamingOutput body = exposition::write;
        return Response.ok(body, exposition.contentType()).build();
    }
}
