package org.dlvm.rest;

import java.io.InputStream;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.dlvm.api.DlvmException;
import org.dlvm.api.Names;
import org.dlvm.api.NodeEnrolment;

/** A node's own broker account: made (or its password changed) by an administrator, shown once. */
@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes")
public class NodeResource {
    private final Supplier<NodeEnrolment> enrolment;
    private final ResourceSupport support;

    NodeResource(Supplier<NodeEnrolment> enrolment, ResourceSupport support) {
        this.enrolment = enrolment;
        this.support = support;
    }

    @POST
    @Path("{name}/broker-credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "enrolNode", summary = "Make the node's broker account, or give it a new password: write the"
            + " password to the node's etc/dlvm-secrets/broker.password")
    @ApiResponse(responseCode = "200", description = "the account; the password is not kept anywhere it can be read again",
            content = @Content(schema = @Schema(implementation = NodeEnrolment.BrokerCredentials.class)))
    @ApiResponse(responseCode = "409", description = "this controller does not run the broker",
            content = @Content(schema = @Schema(implementation = Schemas.Error.class)))
    public Response enrol(@PathParam("name") String name,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Schemas.Detach.class))) InputStream in) {
        support.body(in);
        Names.require("name", name);
        NodeEnrolment nodes = enrolment.get();
        if (nodes == null) {
            throw DlvmException.conflict("broker_external", "this controller does not run the broker (broker.embedded ="
                    + " false): make the node's account on the broker itself (docs/OPERATIONS.md, Broker accounts)");
        }
        return Response.ok(nodes.enrol(name)).header("Cache-Control", "no-store").build();
    }
}
