package org.dlvm.httperrors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The Jetty server's own error answers in the API's shape, {"error": code, "message": text}: a
 * request Jetty cannot parse (a %00 in the path, a URI over its limit) never reaches a servlet,
 * so the REST layer's exception mappers cannot answer it. Jetty asks this handler (the server's
 * ErrorHandler bean) through HttpChannel.onBadMessage, and for errors outside any context.
 */
public class JsonErrorHandler extends ErrorHandler {
    public JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /** The API's codes for the statuses Jetty answers by itself. */
    static String code(int status) {
        switch (status) {
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 414:
            return "uri_too_long";
        case 415:
            return "unsupported_media_type";
        case 431:
            return "headers_too_large";
        default:
            return status < 500 ? "bad_request" : "internal_error";
        }
    }

    /** The error body; the message escaped as a JSON string (Jackson is not visible from pax-web's bundle). */
    static String json(int status, String message) {
        String text = message == null ? HttpStatus.getMessage(status) : message;
        StringBuilder out = new StringBuilder("{\"error\":\"").append(code(status)).append("\",\"message\":\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append("\"}").toString();
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return BufferUtil.toBuffer(json(status, reason), StandardCharsets.UTF_8);
    }

    /** Every method gets the body, TRACE and PUT too (Jetty's default gives them an empty one). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(code, message));
    }
}
