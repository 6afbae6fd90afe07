package org.dlvm.rest;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.dlvm.api.DlvmException;

/** Every dlv path answers 501 until the data path lands, so clients see a clear answer, not a 404. */
@Produces(MediaType.APPLICATION_JSON)
public class DlvsNotYet {
    private static DlvmException notYet() {
        return new DlvmException(DlvmException.Kind.NOT_IMPLEMENTED, "not_implemented",
                "dlvs are not available in this version of DLVM yet");
    }

    @GET
    public Object list() {
        throw notYet();
    }

    @POST
    public Object create() {
        throw notYet();
    }

    @GET
    @Path("{any: .+}")
    public Object get() {
        throw notYet();
    }

    @POST
    @Path("{any: .+}")
    public Object post() {
        throw notYet();
    }

    @DELETE
    @Path("{any: .+}")
    public Object delete() {
        throw notYet();
    }
}
