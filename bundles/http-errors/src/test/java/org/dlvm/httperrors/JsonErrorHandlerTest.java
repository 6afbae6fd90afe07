package org.dlvm.httperrors;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.Test;

public class JsonErrorHandlerTest {
    @Test
    public void aBadMessageIsTheApisErrorBody() {
        HttpFields fields = new HttpFields();
        String body = BufferUtil.toString(new JsonErrorHandler().badMessageError(414, "URI Too Long", fields),
                StandardCharsets.UTF_8);
        assertEquals("{\"error\":\"uri_too_long\",\"message\":\"URI Too Long\"}", body);
        assertEquals("application/json", fields.get("Content-Type"));
    }

    @Test
    public void messagesAreEscapedAsJsonStrings() {
        assertEquals("{\"error\":\"bad_request\",\"message\":\"a \\\"b\\\" \\\\ \\u0000\"}",
                JsonErrorHandler.json(400, "a \"b\" \\ \u0000"));
        assertEquals("{\"error\":\"method_not_allowed\",\"message\":\"Method Not Allowed\"}", JsonErrorHandler.json(405, null));
    }
}
