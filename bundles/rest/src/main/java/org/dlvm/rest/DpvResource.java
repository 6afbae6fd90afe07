package org.dlvm.rest;

import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
import org.dlvm.api.Dpv;
import org.dlvm.api.DpvService;
import org.dlvm.api.ListQuery;

@Path("/dpvs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dpvs")
public class DpvResource {
    private final DpvService dpvs;
    private final ResourceSupport support;

    DpvResource(DpvService dpvs, ResourceSupport support) {
        this.dpvs = dpvs;
        this.support = support;
    }

    @GET
    @Operation(operationId = "listDpvs", summary = "The dpvs in name order, a page at a time")
    @ApiResponse(responseCode = "200", description = "one page; the Link header leads to the next",
            headers = @Header(name = "Link", description = "<url>; rel=\"next\" while more follow", schema = @Schema(type = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Dpv.class))))
    public Response list(@Parameter(description = "at most this many (1 to 1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the name of the last dpv of the previous page") @QueryParam("marker") String marker,
            @Parameter(description = "available or unavailable") @QueryParam("status") String status,
            @Parameter(description = "only the dpvs of this dvg") @QueryParam("dvg") String dvg, @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, dvg, null);
        return ResourceSupport.page(dpvs.list(query), query, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDpv", summary = "Register a dpv; it turns available when its agent answers")
    @ApiResponse(responseCode = "201", description = "registered",
            content = @Content(schema = @Schema(implementation = Schemas.DpvAccepted.class)))
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.NewDpv.class)))
            InputStream in, @Context SecurityContext caller) {
        JsonBody b = support.body(in, "name", "address", "failure_domain");
        String name = b.requiredString("name");
        String address = b.optionalString("address");
        String domain = b.optionalString("failure_domain");
        support.requireBroker();
        Accepted<Dpv> accepted = dpvs.register(name, address, domain, ResourceSupport.requester(caller));
        return support.created(UriBuilder.fromPath("dpvs/{dpv}").build(accepted.object().name()), accepted);
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getDpv", summary = "One dpv")
    @ApiResponse(responseCode = "200", description = "the dpv", content = @Content(schema = @Schema(implementation = Dpv.class)))
    public Dpv get(@PathParam("name") String name) {
        return dpvs.get(name);
    }

    @PUT
    @Path("{name}/failure-domain")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setDpvFailureDomain", summary = "Put the dpv in a failure domain (null: none);"
            + " legs placed already stay, new mirrors and repairs follow it")
    @ApiResponse(responseCode = "200", description = "the dpv", content = @Content(schema = @Schema(implementation = Dpv.class)))
    public Dpv setFailureDomain(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.FailureDomain.class)))
            InputStream in) {
        JsonBody b = support.body(in, "failure_domain");
        b.requirePresent("failure_domain");
        return dpvs.setFailureDomain(name, b.optionalString("failure_domain"));
    }

    @POST
    @Path("{name}/evacuate")
    @Operation(operationId = "evacuateDpv", summary = "Drain the dpv: it takes no new legs, and the legs it holds of"
            + " attached dlvs are moved to other dpvs by leg-repair operations (the dlvs online); leg_count falls to 0")
    @ApiResponse(responseCode = "200", description = "the dpv, draining", content = @Content(schema = @Schema(
            implementation = Dpv.class)))
    @ApiResponse(responseCode = "409", description = "not_movable: a dlv that is not attached holds legs on it")
    public Dpv evacuate(@PathParam("name") String name) {
        return dpvs.evacuate(name);
    }

    @DELETE
    @Path("{name}/evacuate")
    @Operation(operationId = "cancelDpvEvacuation", summary = "The dpv takes new legs again; moved legs stay moved")
    @ApiResponse(responseCode = "200", description = "the dpv", content = @Content(schema = @Schema(
            implementation = Dpv.class)))
    public Dpv cancelEvacuation(@PathParam("name") String name) {
        return dpvs.cancelEvacuation(name);
    }

    @DELETE
    @Path("{name}")
    @Operation(operationId = "deleteDpv", summary = "Forget a dpv that is in no dvg and holds no legs")
    @ApiResponse(responseCode = "204", description = "gone")
    public Response delete(@PathParam("name") String name) {
        dpvs.delete(name);
        return Response.noContent().build();
    }
}
