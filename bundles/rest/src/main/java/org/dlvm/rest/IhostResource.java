package org.dlvm.rest;

import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.dlvm.api.Accepted;
import org.dlvm.api.Ihost;
import org.dlvm.api.IhostService;
import org.dlvm.api.ListQuery;

@Path("/ihosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ihosts")
public class IhostResource {
    private final IhostService ihosts;
    private final ResourceSupport support;

    IhostResource(IhostService ihosts, ResourceSupport support) {
        this.ihosts = ihosts;
        this.support = support;
    }

    @GET
    @Operation(operationId = "listIhosts", summary = "The ihosts in name order, a page at a time")
    @ApiResponse(responseCode = "200", description = "one page; the Link header leads to the next",
            headers = @Header(name = "Link", description = "<url>; rel=\"next\" while more follow", schema = @Schema(type = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Ihost.class))))
    public Response list(@Parameter(description = "at most this many (1 to 1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the name of the last ihost of the previous page") @QueryParam("marker") String marker,
            @Parameter(description = "available or unavailable") @QueryParam("status") String status, @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, null, null);
        return ResourceSupport.page(ihosts.list(query), query, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createIhost", summary = "Register an ihost; it turns available when its agent answers")
    @ApiResponse(responseCode = "201", description = "registered",
            content = @Content(schema = @Schema(implementation = Schemas.IhostAccepted.class)))
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.NewIhost.class)))
            InputStream in, @Context SecurityContext caller) {
        JsonBody b = support.body(in, "name", "initiator_iqn");
        String name = b.requiredString("name");
        String iqn = b.optionalString("initiator_iqn");
        support.requireBroker();
        Accepted<Ihost> accepted = ihosts.register(name, iqn, ResourceSupport.requester(caller));
        return support.created(UriBuilder.fromPath("ihosts/{ihost}").build(accepted.object().name()), accepted);
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getIhost", summary = "One ihost and the dlvs it holds")
    @ApiResponse(responseCode = "200", description = "the ihost", content = @Content(schema = @Schema(implementation = Ihost.class)))
    public Ihost get(@PathParam("name") String name) {
        return ihosts.get(name);
    }

    @DELETE
    @Path("{name}")
    @Operation(operationId = "deleteIhost", summary = "Forget an ihost that holds no dlvs")
    @ApiResponse(responseCode = "204", description = "gone")
    public Response delete(@PathParam("name") String name) {
        ihosts.delete(name);
        return Response.noContent().build();
    }
}
