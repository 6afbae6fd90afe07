package org.dlvm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlvm.protocol.AgentAction;
import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.AgentResult;
import org.dlvm.protocol.MessageCodec;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RequestProcessorTest {
    private static final AgentResult SIZES = new AgentResult.VolumeGroup("dlvm_vg", 1000L, 400L);
    private static final AgentAction DESCRIBE = new AgentAction.Describe();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MessageCodec codec = new MessageCodec();
    private final List<AgentAction> handled = new ArrayList<>();
    private RequestHandler handler = action -> {
        handled.add(action);
        return SIZES;
    };
    private GenerationFence fence;

    @Before
    public void fence() throws IOException {
        fence = new GenerationFence(tmp.getRoot().toPath().resolve("g.properties"));
    }

    private AgentReply process(AgentRequest request) {
        return new RequestProcessor(codec, fence, a -> handler.handle(a)).process(codec.encode(request));
    }

    private AgentReply processText(String text) {
        return new RequestProcessor(codec, fence, a -> handler.handle(a)).process(text);
    }

    private static void assertError(AgentError.Code code, String message, AgentReply reply) {
        assertFalse(reply.ok());
        assertNull(reply.result());
        assertEquals(new AgentError(code, message), reply.error());
    }

    @Test
    public void aRequestReachesTheHandler() {
        AgentAction create = new AgentAction.CreateLegs(List.of(new AgentAction.NewLeg("l1", 4096, true),
                new AgentAction.NewLeg("l2", 8192, false)));
        AgentReply reply = process(new AgentRequest("op-1", "dpv/d1", 1, create));
        assertTrue(String.valueOf(reply.error()), reply.ok());
        assertEquals(AgentReply.success(SIZES), reply);
        assertEquals("the typed action arrives whole", List.of(create), handled);
    }

    @Test
    public void aStaleGenerationNeverReachesTheHandler() {
        assertTrue(process(new AgentRequest("op-1", "dpv/d1", 5, DESCRIBE)).ok());
        AgentReply reply = process(new AgentRequest("op-2", "dpv/d1", 4, DESCRIBE));
        assertError(AgentError.Code.stale_generation, "stale generation 4 for dpv/d1: newest seen is 5", reply);
        assertEquals(1, handled.size());
    }

    @Test
    public void aRequestWithoutObjectIsNotFenced() {
        assertTrue(process(new AgentRequest("op-1", null, 5, DESCRIBE)).ok());
        assertTrue(process(new AgentRequest("op-2", null, 0, DESCRIBE)).ok());
        assertEquals(2, handled.size());
    }

    @Test
    public void aFenceThatCannotSaveIsRetryableAndNeverReachesTheHandler() throws IOException {
        Path notADirectory = Files.createFile(tmp.getRoot().toPath().resolve("blocker"));
        fence = new GenerationFence(notADirectory.resolve("g.properties"));
        AgentReply reply = process(new AgentRequest("op-1", "dpv/d1", 1, DESCRIBE));
        assertFalse(reply.ok());
        assertEquals(AgentError.Code.retryable, reply.error().code());
        assertTrue(reply.error().message(), reply.error().message().startsWith("cannot save generation file"));
        assertEquals(0, handled.size());
    }

    @Test
    public void aHandlersExceptionBecomesAFailure() {
        handler = a -> {
            throw new IllegalStateException("Volume group \"dlvm_vg\" not found");
        };
        AgentReply reply = process(new AgentRequest("op-1", null, 0, DESCRIBE));
        assertError(AgentError.Code.failed, "Volume group \"dlvm_vg\" not found", reply);
    }

    @Test
    public void aHandlersIllegalArgumentIsInvalid() {
        handler = a -> {
            throw new IllegalArgumentException("a dpv agent does not do '" + a.name() + "'");
        };
        AgentReply reply = process(new AgentRequest("op-1", null, 0, new AgentAction.AssembleDlv(null)));
        assertError(AgentError.Code.invalid, "a dpv agent does not do 'dlv.assemble'", reply);
    }

    @Test
    public void anExceptionWithoutMessageIsNamedByItsType() {
        handler = a -> {
            throw new NullPointerException();
        };
        assertError(AgentError.Code.failed, "java.lang.NullPointerException",
                process(new AgentRequest("op-1", null, 0, DESCRIBE)));
    }

    @Test
    public void aHandlerWithoutResultIsAFailure() {
        handler = a -> null;
        assertError(AgentError.Code.failed, "the agent gave no reply to 'describe'",
                process(new AgentRequest("op-1", null, 0, DESCRIBE)));
    }

    @Test
    public void garbageIsAnsweredWithAFailure() {
        AgentReply reply = processText("{not json");
        assertFalse(reply.ok());
        assertEquals(AgentError.Code.invalid, reply.error().code());
        assertTrue(reply.error().message(), reply.error().message().startsWith("cannot read the request: not a AgentRequest"));
        assertError(AgentError.Code.invalid, "empty request: expected a JSON AgentRequest", processText(null));
        assertEquals(0, handled.size());
    }

    @Test
    public void anUnknownActionTypeIsRefusedByName() {
        AgentReply reply = processText("{\"id\":\"x\",\"object\":\"dpv/d1\",\"generation\":1,\"action\":{\"type\":\"format\"}}");
        assertFalse(reply.ok());
        assertEquals(AgentError.Code.invalid, reply.error().code());
        assertTrue(reply.error().message(), reply.error().message().startsWith("cannot read the request")
                && reply.error().message().contains("format"));
        assertEquals(0, handled.size());
    }

    @Test
    public void aMissingActionIsRefused() {
        assertError(AgentError.Code.invalid, "request x names no action", processText("{\"id\":\"x\"}"));
        assertEquals(0, handled.size());
    }
}
