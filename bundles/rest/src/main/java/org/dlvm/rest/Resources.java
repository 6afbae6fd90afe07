package org.dlvm.rest;

import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dlvm.api.Accepted;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;
import org.dlvm.api.DlvSpec;
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
import org.dlvm.api.Operation;
import org.dlvm.api.OperationService;
import org.dlvm.api.Snapshot;

/**
 * The v1 resources. Thin on purpose: parse and check the body, call the service, pick the
 * status. Everything that decides lives in the services, which the shell uses too.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class Resources {
    private final DpvService dpvs;
    private final DvgService dvgs;
    private final IhostService ihosts;
    private final DlvService dlvs;
    private final OperationService operations;
    private final Supplier<List<HealthCheck>> checks;
    private final String version;
    private final int maxBodyBytes;
    private final ObjectMapper mapper = Json.mapper();

    Resources(DpvService dpvs, DvgService dvgs, IhostService ihosts, DlvService dlvs, OperationService operations,
            Supplier<List<HealthCheck>> checks, String version, int maxBodyBytes) {
        this.dpvs = dpvs;
        this.dvgs = dvgs;
        this.ihosts = ihosts;
        this.dlvs = dlvs;
        this.operations = operations;
        this.checks = checks;
        this.version = version;
        this.maxBodyBytes = maxBodyBytes;
    }

    private JsonBody body(InputStream in, String... fields) {
        return JsonBody.parse(mapper, in, maxBodyBytes, Set.of(fields));
    }

    @GET
    public Map<String, String> root() {
        return Map.of("service", "dlvm", "api", "v1", "version", version);
    }

    @GET
    @Path("health")
    public Response health() {
        Map<String, String> status = new LinkedHashMap<>();
        boolean ok = true;
        for (HealthCheck check : checks.get()) {
            String problem = check.problem();
            status.put(check.name(), problem == null ? "ok" : problem);
            ok &= problem == null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("checks", status);
        return Response.status(ok ? 200 : 503).entity(body).build();
    }

    /** Starting an operation needs the broker: refuse before storing anything when it is gone. */
    private void requireBroker() {
        for (HealthCheck check : checks.get()) {
            if ("broker".equals(check.name())) {
                String problem = check.problem();
                if (problem != null) {
                    throw DlvmException.unavailable("broker_unavailable", problem, null);
                }
            }
        }
    }

    // ---- dpvs

    @GET
    @Path("dpvs")
    public Response listDpvs(@QueryParam("limit") String limit, @QueryParam("marker") String marker,
            @QueryParam("status") String status, @QueryParam("dvg") String dvg, @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, dvg, null);
        return page(dpvs.list(query), query, uri);
    }

    @POST
    @Path("dpvs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createDpv(InputStream in) {
        JsonBody b = body(in, "name", "address");
        String name = b.requiredString("name");
        String address = b.optionalString("address");
        requireBroker();
        Accepted<Dpv> accepted = dpvs.register(name, address);
        return created(UriBuilder.fromPath("dpvs/{dpv}").build(accepted.object().name()), accepted);
    }

    @GET
    @Path("dpvs/{name}")
    public Dpv getDpv(@PathParam("name") String name) {
        return dpvs.get(name);
    }

    @DELETE
    @Path("dpvs/{name}")
    public Response deleteDpv(@PathParam("name") String name) {
        dpvs.delete(name);
        return Response.noContent().build();
    }

    // ---- dvgs

    @GET
    @Path("dvgs")
    public Response listDvgs(@QueryParam("limit") String limit, @QueryParam("marker") String marker,
            @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, null, null, null);
        return page(dvgs.list(query), query, uri);
    }

    @POST
    @Path("dvgs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createDvg(InputStream in) {
        Dvg dvg = dvgs.create(body(in, "name").requiredString("name"));
        return Response.created(UriBuilder.fromPath("dvgs/{dvg}").build(dvg.name())).entity(dvg).build();
    }

    @GET
    @Path("dvgs/{name}")
    public Dvg getDvg(@PathParam("name") String name) {
        return dvgs.get(name);
    }

    @POST
    @Path("dvgs/{name}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Dvg extendDvg(@PathParam("name") String name, InputStream in) {
        return dvgs.extend(name, body(in, "dpv").requiredString("dpv"));
    }

    @POST
    @Path("dvgs/{name}/reduce")
    @Consumes(MediaType.APPLICATION_JSON)
    public Dvg reduceDvg(@PathParam("name") String name, InputStream in) {
        return dvgs.reduce(name, body(in, "dpv").requiredString("dpv"));
    }

    @DELETE
    @Path("dvgs/{name}")
    public Response deleteDvg(@PathParam("name") String name) {
        dvgs.delete(name);
        return Response.noContent().build();
    }

    // ---- ihosts

    @GET
    @Path("ihosts")
    public Response listIhosts(@QueryParam("limit") String limit, @QueryParam("marker") String marker,
            @QueryParam("status") String status, @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, null, null);
        return page(ihosts.list(query), query, uri);
    }

    @POST
    @Path("ihosts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createIhost(InputStream in) {
        JsonBody b = body(in, "name", "initiator_iqn");
        String name = b.requiredString("name");
        String iqn = b.optionalString("initiator_iqn");
        requireBroker();
        Accepted<Ihost> accepted = ihosts.register(name, iqn);
        return created(UriBuilder.fromPath("ihosts/{ihost}").build(accepted.object().name()), accepted);
    }

    @GET
    @Path("ihosts/{name}")
    public Ihost getIhost(@PathParam("name") String name) {
        return ihosts.get(name);
    }

    @DELETE
    @Path("ihosts/{name}")
    public Response deleteIhost(@PathParam("name") String name) {
        ihosts.delete(name);
        return Response.noContent().build();
    }

    // ---- operations

    @GET
    @Path("operations")
    public Response listOperations(@QueryParam("limit") String limit, @QueryParam("marker") String marker,
            @QueryParam("status") String status, @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, null, null);
        return page(operations.list(query), query, uri);
    }

    @GET
    @Path("operations/{id}")
    public Operation getOperation(@PathParam("id") String id) {
        return operations.get(id);
    }

    // ---- dlvs

    @GET
    @Path("dlvs")
    public Response listDlvs(@QueryParam("limit") String limit, @QueryParam("marker") String marker,
            @QueryParam("status") String status, @QueryParam("dvg") String dvg, @QueryParam("ihost") String ihost,
            @Context UriInfo uri) {
        ListQuery query = ListQuery.of(limit, marker, status, dvg, ihost);
        return page(dlvs.list(query), query, uri);
    }

    @POST
    @Path("dlvs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createDlv(InputStream in) {
        JsonBody b = body(in, "name", "size", "dvg", "stripe_number", "replicas", "data_size", "source");
        DlvSpec spec = new DlvSpec(b.requiredString("name"), b.requiredLong("size"), b.requiredString("dvg"),
                b.optionalInt("stripe_number", DlvSpec.DEFAULT_STRIPES),
                b.optionalInt("replicas", DlvSpec.DEFAULT_REPLICAS), b.optionalLong("data_size"));
        if (b.hasObject("source")) {
            // checked after the other fields so a client learns about every mistake it can fix today
            throw new DlvmException(DlvmException.Kind.NOT_IMPLEMENTED, "not_implemented",
                    "creating a dlv from a 'source' (online clone) is not available in this version of DLVM yet;"
                            + " create it without 'source'");
        }
        requireBroker();
        Accepted<Dlv> accepted = dlvs.create(spec);
        return accepted(UriBuilder.fromPath("dlvs/{dlv}").build(accepted.object().name()), accepted);
    }

    @GET
    @Path("dlvs/{name}")
    public Dlv getDlv(@PathParam("name") String name) {
        return dlvs.get(name);
    }

    @DELETE
    @Path("dlvs/{name}")
    public Response deleteDlv(@PathParam("name") String name) {
        requireBroker();
        return accepted(null, dlvs.delete(name));
    }

    @POST
    @Path("dlvs/{name}/attach")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attachDlv(@PathParam("name") String name, InputStream in) {
        String ihost = body(in, "ihost").requiredString("ihost");
        requireBroker();
        return accepted(null, dlvs.attach(name, ihost));
    }

    @POST
    @Path("dlvs/{name}/detach")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response detachDlv(@PathParam("name") String name, InputStream in) {
        // {} today; parsed anyway so that a field meant for a later version is refused, not ignored
        body(in);
        requireBroker();
        return accepted(null, dlvs.detach(name));
    }

    @POST
    @Path("dlvs/{name}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response extendDlv(@PathParam("name") String name, InputStream in) {
        long size = body(in, "size").requiredLong("size");
        requireBroker();
        return accepted(null, dlvs.extend(name, size));
    }

    // ---- snapshots

    @GET
    @Path("dlvs/{name}/snapshots")
    public List<Snapshot> listSnapshots(@PathParam("name") String dlv) {
        return dlvs.snapshots(dlv);
    }

    @POST
    @Path("dlvs/{name}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createSnapshot(@PathParam("name") String dlv, InputStream in) {
        String name = body(in, "name").requiredString("name");
        requireBroker();
        Accepted<Snapshot> accepted = dlvs.createSnapshot(dlv, name);
        return accepted(UriBuilder.fromPath("dlvs/{dlv}/snapshots/{snap}").build(dlv, accepted.object().name()), accepted);
    }

    @GET
    @Path("dlvs/{name}/snapshots/{snap}")
    public Snapshot getSnapshot(@PathParam("name") String dlv, @PathParam("snap") String snap) {
        return dlvs.snapshot(dlv, snap);
    }

    @DELETE
    @Path("dlvs/{name}/snapshots/{snap}")
    public Response deleteSnapshot(@PathParam("name") String dlv, @PathParam("snap") String snap) {
        requireBroker();
        return accepted(null, dlvs.deleteSnapshot(dlv, snap));
    }

    /**
     * A list answers a JSON array, as API v1 always did, and the way to the next page in a
     * {@code Link: <...>; rel="next"} header (RFC 8288): same filters, the marker of this page's last object.
     */
    private static Response page(Page<?> page, ListQuery query, UriInfo uri) {
        Response.ResponseBuilder r = Response.ok(page.items());
        if (page.next() != null) {
            r.link(uri.getRequestUriBuilder().replaceQueryParam("marker", page.next())
                    .replaceQueryParam("limit", query.limit()).build(), "next");
        }
        return r.build();
    }

    /** Location, when given, is built from a template so that the names in it are encoded, never parsed. */
    private Response accepted(URI location, Accepted<?> accepted) {
        Response.ResponseBuilder r = Response.accepted(Json.accepted(mapper, accepted));
        return (location == null ? r : r.location(location)).build();
    }

    private Response created(URI location, Accepted<?> accepted) {
        return Response.created(location).entity(Json.accepted(mapper, accepted)).build();
    }
}
