package org.dlvm.rest;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.osgi.service.component.annotations.Component;

/**
 * TRACE answered with the API's error body. pax-web refuses TRACE itself with an empty 405 before
 * any filter, CXF or the exception mappers run; a Jetty customizer (pax-web adds every one
 * registered as a service to its connectors) runs before that.
 */
@Component(service = HttpConfiguration.Customizer.class)
public class TraceRefusal implements HttpConfiguration.Customizer {
    static final String BODY = "{\"error\":\"method_not_allowed\",\"message\":\"TRACE is not allowed: "
            + "the API answers GET, POST and DELETE\"}";

    @Override
    public void customize(Connector connector, HttpConfiguration configuration, Request request) {
        if (!"TRACE".equals(request.getMethod())) {
            return;
        }
        Response response = request.getResponse();
        try {
            response.setStatus(405);
            response.setHeader("Allow", "GET, POST, DELETE");
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(BODY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.setHandled(true);
    }
}
