package org.dlvm.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.dlvm.api.ListQuery;
import org.dlvm.api.OperationService;

@Path("/operations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class OperationResource {
    private final OperationService operations;

    OperationResource(OperationService operations) {
        this.operations = operations;
    }

    @GET
    @Operation(operationId = "listOperations", summary = "The operations, newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "one page; the Link header leads to the next",
            headers = @Header(name = "Link", description = "<url>; rel=\"next\" while more follow", schema = @Schema(type = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = org.dlvm.api.Operation.class))))
    public Response list(@Parameter(description = "at most this many (1 to 1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the id of the last operation of the previous page") @QueryParam("marker") String marker,
            @Parameter(description = "pending, running, succeeded or failed") @QueryParam("status") String status,
            @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, null, null);
        return ResourceSupport.page(operations.list(query), query, uri);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getOperation", summary = "One operation: how far it got, and why it failed")
    @ApiResponse(responseCode = "200", description = "the operation",
            content = @Content(schema = @Schema(implementation = org.dlvm.api.Operation.class)))
    public org.dlvm.api.Operation get(@PathParam("id") String id) {
        return operations.get(id);
    }
}
