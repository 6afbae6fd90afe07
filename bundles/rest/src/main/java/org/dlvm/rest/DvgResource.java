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

import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.ListQuery;

@Path("/dvgs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dvgs")
public class DvgResource {
    private final DvgService dvgs;
    private final ResourceSupport support;

    DvgResource(DvgService dvgs, ResourceSupport support) {
        this.dvgs = dvgs;
        this.support = support;
    }

    @GET
    @Operation(operationId = "listDvgs", summary = "The dvgs in name order, a page at a time")
    @ApiResponse(responseCode = "200", description = "one page; the Link header leads to the next",
            headers = @Header(name = "Link", description = "<url>; rel=\"next\" while more follow", schema = @Schema(type = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Dvg.class))))
    public Response list(@Parameter(description = "at most this many (1 to 1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the name of the last dvg of the previous page") @QueryParam("marker") String marker,
            @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, null, null, null);
        return ResourceSupport.page(dvgs.list(query), query, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDvg", summary = "Create an empty dvg")
    @ApiResponse(responseCode = "201", description = "created", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.NewDvg.class)))
            InputStream in) {
        JsonBody b = support.body(in, "name", "domain_policy");
        Dvg dvg = dvgs.create(b.requiredString("name"), b.optionalEnum("domain_policy", org.dlvm.api.DomainPolicy.class));
        return Response.created(UriBuilder.fromPath("dvgs/{dvg}").build(dvg.name())).entity(dvg).build();
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getDvg", summary = "One dvg, its dpvs and their summed sizes")
    @ApiResponse(responseCode = "200", description = "the dvg", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Dvg get(@PathParam("name") String name) {
        return dvgs.get(name);
    }

    @PUT
    @Path("{name}/domain-policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setDvgDomainPolicy", summary = "Whether the dvg's new mirrors must spread over failure domains")
    @ApiResponse(responseCode = "200", description = "the dvg", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Dvg setDomainPolicy(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.DomainPolicySetting.class)))
            InputStream in) {
        JsonBody b = support.body(in, "domain_policy");
        org.dlvm.api.DomainPolicy policy = b.optionalEnum("domain_policy", org.dlvm.api.DomainPolicy.class);
        if (policy == null) {
            throw org.dlvm.api.DlvmException.invalid("missing_field", "field 'domain_policy' is required");
        }
        return dvgs.setDomainPolicy(name, policy);
    }

    @PUT
    @Path("{name}/repair-window")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setDvgRepairWindow", summary = "How long a dpv of the dvg may stay unavailable before"
            + " the legs it holds are replaced on other dpvs (null: the controller's repair_after_seconds)")
    @ApiResponse(responseCode = "200", description = "the dvg", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Dvg setRepairWindow(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.RepairWindow.class)))
            InputStream in) {
        JsonBody b = support.body(in, "repair_after_seconds");
        b.requirePresent("repair_after_seconds");
        return dvgs.setRepairWindow(name, b.optionalLong("repair_after_seconds"));
    }

    @POST
    @Path("{name}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "extendDvg", summary = "Add a dpv to the dvg")
    @ApiResponse(responseCode = "200", description = "the dvg with the dpv", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Dvg extend(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.DvgMember.class))) InputStream in) {
        return dvgs.extend(name, support.body(in, "dpv").requiredString("dpv"));
    }

    @POST
    @Path("{name}/reduce")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reduceDvg", summary = "Take a dpv that holds no legs out of the dvg")
    @ApiResponse(responseCode = "200", description = "the dvg without the dpv", content = @Content(schema = @Schema(implementation = Dvg.class)))
    public Dvg reduce(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.DvgMember.class))) InputStream in) {
        return dvgs.reduce(name, support.body(in, "dpv").requiredString("dpv"));
    }

    @DELETE
    @Path("{name}")
    @Operation(operationId = "deleteDvg", summary = "Delete a dvg without dpvs or dlvs")
    @ApiResponse(responseCode = "204", description = "gone")
    public Response delete(@PathParam("name") String name) {
        dvgs.delete(name);
        return Response.noContent().build();
    }
}
