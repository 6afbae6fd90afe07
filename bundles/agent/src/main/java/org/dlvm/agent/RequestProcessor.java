package org.dlvm.agent;

import org.dlvm.protocol.AgentError;
import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.MessageCodec;

/** From a request's text to its reply, without the broker: decode, fence, handle; never throws. */
final class RequestProcessor {
    private final MessageCodec codec;
    private final GenerationFence fence;
    private final RequestHandler handler;

    RequestProcessor(MessageCodec codec, GenerationFence fence, RequestHandler handler) {
        this.codec = codec;
        this.fence = fence;
        this.handler = handler;
    }

    /** A request's text read: the request, or the reply that refuses it. */
    record Read(AgentRequest request, AgentReply refusal) {
        /** The lane the request runs in: its object, null for a read without one or a refusal. */
        String object() {
            return request == null ? null : request.object();
        }
    }

    AgentReply process(String text) {
        Read read = read(text);
        return read.refusal() != null ? read.refusal() : process(read.request());
    }

    Read read(String text) {
        if (text == null) {
            return refused(AgentReply.failure(AgentError.Code.invalid, "empty request: expected a JSON AgentRequest"));
        }
        AgentRequest request;
        try {
            request = codec.decode(text, AgentRequest.class);
        } catch (RuntimeException e) {
            return refused(AgentReply.failure(AgentError.Code.invalid, "cannot read the request: " + reason(e)));
        }
        if (request.action() == null) {
            return refused(AgentReply.failure(AgentError.Code.invalid, "request " + request.id() + " names no action"));
        }
        return new Read(request, null);
    }

    private static Read refused(AgentReply reply) {
        return new Read(null, reply);
    }

    /** Fences and handles a request {@link #read} accepted. */
    AgentReply process(AgentRequest request) {
        if (request.object() != null) {
            try {
                String refusal = fence.admit(request.object(), request.generation());
                if (refusal != null) {
                    return AgentReply.failure(AgentError.Code.stale_generation, refusal);
                }
            } catch (RuntimeException e) {
                return AgentReply.failure(AgentError.Code.retryable, reason(e));
            }
        }
        try {
            var result = handler.handle(request.action());
            return result != null ? AgentReply.success(result)
                    : AgentReply.failure(AgentError.Code.failed, "the agent gave no reply to '" + request.action().name() + "'");
        } catch (IllegalArgumentException e) {
            return AgentReply.failure(AgentError.Code.invalid, reason(e));
        } catch (Exception | LinkageError e) {
            // a LinkageError is a missing package in OSGi: worth a reply, not a dead listener
            return AgentReply.failure(AgentError.Code.failed, reason(e));
        }
    }

    static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
