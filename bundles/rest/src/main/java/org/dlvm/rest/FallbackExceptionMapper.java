package org.dlvm.rest;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JAX-RS's own errors (404 path, 405, 415) in the API's shape; anything else is a logged 500. */
final class FallbackExceptionMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackExceptionMapper.class);

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof WebApplicationException) {
            Response r = ((WebApplicationException) e).getResponse();
            int status = r.getStatus();
            String code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                    : status == 415 ? "unsupported_media_type" : status < 500 ? "bad_request" : "internal_error";
            return ErrorBody.response(status, code, e.getMessage() == null ? r.getStatusInfo().getReasonPhrase()
                    : e.getMessage());
        }
        LOG.error("unexpected error in the REST API", e);
        return ErrorBody.response(500, "internal_error", "unexpected error: " + e);
    }
}
