package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.MessageCodec;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RequestProcessorTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MessageCodec codec = new MessageCodec();
    private final List<AgentRequest> handled = new ArrayList<>();
    private RequestHandler handler = request -> {
        handled.add(request);
        return AgentReply.success(Map.of("echo", request.action()));
    };
    private GenerationFence fence;

    @Before
    public void fence() throws IOException {
        fence = new GenerationFence(tmp.getRoot().toPath().resolve("g.properties"));
    }

    private AgentReply process(AgentRequest request) {
        return new RequestProcessor(codec, fence, r -> handler.handle(r)).process(codec.encode(request));
    }

    @Test
    public void aRequestReachesTheHandler() {
        AgentReply reply = process(new AgentRequest("op-1", "describe", "dpv/d1", 1, Map.of()));
        assertTrue(reply.ok());
        assertEquals("describe", reply.stringResult("echo"));
        assertEquals(1, handled.size());
    }

    @Test
    public void aStaleGenerationNeverReachesTheHandler() {
        process(new AgentRequest("op-1", "describe", "dpv/d1", 5, Map.of()));
        AgentReply reply = process(new AgentRequest("op-2", "describe", "dpv/d1", 4, Map.of()));
        assertFalse(reply.ok());
        assertEquals("stale generation 4 for dpv/d1: newest seen is 5", reply.error());
        assertEquals(1, handled.size());
    }

    @Test
    public void aRequestWithoutObjectIsNotFenced() {
        process(new AgentRequest("op-1", "describe", null, 5, Map.of()));
        assertTrue(process(new AgentRequest("op-2", "describe", null, 0, Map.of())).ok());
    }

    @Test
    public void aHandlersExceptionBecomesAFailure() {
        handler = r -> {
            throw new IllegalStateException("Volume group \"dlvm_vg\" not found");
        };
        AgentReply reply = process(new AgentRequest("op-1", "describe", null, 0, Map.of()));
        assertFalse(reply.ok());
        assertEquals("Volume group \"dlvm_vg\" not found", reply.error());
    }

    @Test
    public void anExceptionWithoutMessageIsNamedByItsType() {
        handler = r -> {
            throw new NullPointerException();
        };
        assertEquals("java.lang.NullPointerException",
                process(new AgentRequest("op-1", "describe", null, 0, Map.of())).error());
    }

    @Test
    public void garbageIsAnsweredWithAFailure() {
        AgentReply reply = new RequestProcessor(codec, fence, handler).process("{not json");
        assertFalse(reply.ok());
        assertTrue(reply.error(), reply.error().startsWith("cannot read the request: not a AgentRequest"));
        assertEquals(0, handled.size());
    }

    @Test
    public void aMissingActionIsRefused() {
        AgentReply reply = new RequestProcessor(codec, fence, handler).process("{\"id\":\"x\"}");
        assertEquals("request x names no action", reply.error());
    }
}
