package org.dlvm.rest;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.dlvm.api.DlvmException;

final class DlvmExceptionMapper implements ExceptionMapper<DlvmException> {
    @Override
    public Response toResponse(DlvmException e) {
        return ErrorBody.response(e.kind().httpStatus, e.code(), e.getMessage());
    }
}
