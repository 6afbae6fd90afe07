package org.dlvm.rest;

import java.io.InputStream;
import java.util.List;

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
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;
import org.dlvm.api.CloneSource;
import org.dlvm.api.DlvSpec;
import org.dlvm.api.DlvmException;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Snapshot;

/** The dlvs and their snapshots: every change answers 202 with the operation that carries it on. */
@Path("/dlvs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dlvs")
public class DlvResource {
    private final DlvService dlvs;
    private final ResourceSupport support;

    DlvResource(DlvService dlvs, ResourceSupport support) {
        this.dlvs = dlvs;
        this.support = support;
    }

    @GET
    @Operation(operationId = "listDlvs", summary = "The dlvs in name order, a page at a time, filtered as Cinder asks")
    @ApiResponse(responseCode = "200", description = "one page; the Link header leads to the next",
            headers = @Header(name = "Link", description = "<url>; rel=\"next\" while more follow", schema = @Schema(type = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Dlv.class))))
    public Response list(@Parameter(description = "at most this many (1 to 1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the name of the last dlv of the previous page") @QueryParam("marker") String marker,
            @Parameter(description = "a dlv status, e.g. available") @QueryParam("status") String status,
            @Parameter(description = "only the dlvs of this dvg") @QueryParam("dvg") String dvg,
            @Parameter(description = "only the dlvs held by this ihost") @QueryParam("ihost") String ihost,
            @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, dvg, ihost);
        return ResourceSupport.page(dlvs.list(query), query, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDlv", summary = "Create a dlv: legs are reserved now and made on the dpvs by the operation")
    @ApiResponse(responseCode = "202", description = "accepted, status creating (cloning with source)",
            content = @Content(schema = @Schema(implementation = Schemas.DlvAccepted.class)))
    @ApiResponse(responseCode = "409", description = "with source: the source dlv is not attached (not_attached), or busy",
            content = @Content(schema = @Schema(implementation = Schemas.Error.class)))
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.NewDlv.class)))
            InputStream in, @Context SecurityContext caller) {
        JsonBody b = support.body(in, "name", "size", "dvg", "stripe_number", "replicas", "data_size", "source");
        DlvSpec spec = new DlvSpec(b.requiredString("name"), b.requiredLong("size"), b.requiredString("dvg"),
                b.optionalInt("stripe_number", DlvSpec.DEFAULT_STRIPES),
                b.optionalInt("replicas", DlvSpec.DEFAULT_REPLICAS), b.optionalLong("data_size"), source(b));
        support.requireBroker();
        Accepted<Dlv> accepted = dlvs.create(spec, ResourceSupport.requester(caller));
        return support.accepted(UriBuilder.fromPath("dlvs/{dlv}").build(accepted.object().name()), accepted);
    }

    /** API.md's two forms: {@code {"dlv"}} (a snapshot is taken now) or {@code {"snapshot": {"dlv", "name"}}}. */
    private static CloneSource source(JsonBody b) {
        JsonBody source = b.optionalObject("source", "dlv", "snapshot");
        if (source == null) {
            return null;
        }
        JsonBody snapshot = source.optionalObject("snapshot", "dlv", "name");
        String dlv = source.optionalString("dlv");
        if ((dlv == null) == (snapshot == null)) {
            throw DlvmException.invalid("invalid", "'source' is either {\"dlv\": ...} or {\"snapshot\": {\"dlv\": ...,"
                    + " \"name\": ...}}");
        }
        return dlv != null ? new CloneSource(dlv, null)
                : new CloneSource(snapshot.requiredString("dlv"), snapshot.requiredString("name"));
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getDlv", summary = "One dlv with its mirrors, legs and snapshots")
    @ApiResponse(responseCode = "200", description = "the dlv", content = @Content(schema = @Schema(implementation = Dlv.class)))
    public Dlv get(@PathParam("name") String name) {
        return dlvs.get(name);
    }

    @DELETE
    @Path("{name}")
    @Operation(operationId = "deleteDlv", summary = "Delete a dlv that is not attached (also the way out of a failed create or attach)")
    @ApiResponse(responseCode = "202", description = "accepted, status deleting, then gone",
            content = @Content(schema = @Schema(implementation = Schemas.DlvAccepted.class)))
    public Response delete(@PathParam("name") String name, @Context SecurityContext caller) {
        support.requireBroker();
        return support.accepted(null, dlvs.delete(name, ResourceSupport.requester(caller)));
    }

    @POST
    @Path("{name}/attach")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "attachDlv", summary = "Attach the dlv to an ihost: its block device appears there")
    @ApiResponse(responseCode = "202", description = "accepted, status attaching",
            content = @Content(schema = @Schema(implementation = Schemas.DlvAccepted.class)))
    public Response attach(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.Attach.class))) InputStream in,
            @Context SecurityContext caller) {
        String ihost = support.body(in, "ihost").requiredString("ihost");
        support.requireBroker();
        return support.accepted(null, dlvs.attach(name, ihost, ResourceSupport.requester(caller)));
    }

    @POST
    @Path("{name}/detach")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "detachDlv", summary = "Detach the dlv from its ihost (force: without it, fencing it)")
    @ApiResponse(responseCode = "202", description = "accepted, status detaching",
            content = @Content(schema = @Schema(implementation = Schemas.DlvAccepted.class)))
    public Response detach(@PathParam("name") String name,
            @RequestBody(content = @Content(schema = @Schema(implementation = Schemas.Detach.class))) InputStream in,
            @Context SecurityContext caller) {
        boolean force = support.body(in, "force").optionalBoolean("force", false);
        support.requireBroker();
        return support.accepted(null, dlvs.detach(name, force, ResourceSupport.requester(caller)));
    }

    @POST
    @Path("{name}/revert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revertDlv", summary = "Roll a detached dlv back to one of its snapshots (the snapshot stays);"
            + " the next attach carries it out before the device appears, and revert_pending names it until then")
    @ApiResponse(responseCode = "200", description = "the dlv, with revert_pending (409 attached while attached: detach first)",
            content = @Content(schema = @Schema(implementation = Dlv.class)))
    public Dlv revert(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.Revert.class))) InputStream in,
            @Context SecurityContext caller) {
        String snapshot = support.body(in, "snapshot").requiredString("snapshot");
        return dlvs.revert(name, snapshot, ResourceSupport.requester(caller));
    }

    @POST
    @Path("{name}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "extendDlv", summary = "Grow the dlv, online when attached")
    @ApiResponse(responseCode = "202", description = "accepted, status extending",
            content = @Content(schema = @Schema(implementation = Schemas.DlvAccepted.class)))
    public Response extend(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.Extend.class))) InputStream in,
            @Context SecurityContext caller) {
        long size = support.body(in, "size").requiredLong("size");
        support.requireBroker();
        return support.accepted(null, dlvs.extend(name, size, ResourceSupport.requester(caller)));
    }

    @GET
    @Path("{name}/snapshots")
    @Operation(operationId = "listSnapshots", summary = "The dlv's snapshots, oldest first")
    @ApiResponse(responseCode = "200", description = "the snapshots",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Snapshot.class))))
    public List<Snapshot> snapshots(@PathParam("name") String dlv) {
        return dlvs.snapshots(dlv);
    }

    @POST
    @Path("{name}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSnapshot", summary = "Take a crash-consistent snapshot of an attached dlv")
    @ApiResponse(responseCode = "202", description = "accepted, status creating",
            content = @Content(schema = @Schema(implementation = Schemas.SnapshotAccepted.class)))
    public Response createSnapshot(@PathParam("name") String dlv,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.NewSnapshot.class))) InputStream in,
            @Context SecurityContext caller) {
        String name = support.body(in, "name").requiredString("name");
        support.requireBroker();
        Accepted<Snapshot> accepted = dlvs.createSnapshot(dlv, name, ResourceSupport.requester(caller));
        return support.accepted(UriBuilder.fromPath("dlvs/{dlv}/snapshots/{snap}").build(dlv, accepted.object().name()),
                accepted);
    }

    @GET
    @Path("{name}/snapshots/{snap}")
    @Operation(operationId = "getSnapshot", summary = "One snapshot")
    @ApiResponse(responseCode = "200", description = "the snapshot", content = @Content(schema = @Schema(implementation = Snapshot.class)))
    public Snapshot snapshot(@PathParam("name") String dlv, @PathParam("snap") String snap) {
        return dlvs.snapshot(dlv, snap);
    }

    @DELETE
    @Path("{name}/snapshots/{snap}")
    @Operation(operationId = "deleteSnapshot", summary = "Delete a snapshot of an attached dlv")
    @ApiResponse(responseCode = "202", description = "accepted, status deleting, then gone",
            content = @Content(schema = @Schema(implementation = Schemas.SnapshotAccepted.class)))
    public Response deleteSnapshot(@PathParam("name") String dlv, @PathParam("snap") String snap,
            @Context SecurityContext caller) {
        support.requireBroker();
        return support.accepted(null, dlvs.deleteSnapshot(dlv, snap, ResourceSupport.requester(caller)));
    }
}
