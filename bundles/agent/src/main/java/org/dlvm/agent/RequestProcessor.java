package org.dlvm.agent;

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

    AgentReply process(String text) {
        if (text == null) {
            return AgentReply.failure("empty request: expected a JSON AgentRequest");
        }
        AgentRequest request;
        try {
            request = codec.decode(text, AgentRequest.class);
        } catch (RuntimeException e) {
            return AgentReply.failure("cannot read the request: " + reason(e));
        }
        if (request.action() == null) {
            return AgentReply.failure("request " + request.id() + " names no action");
        }
        if (request.object() != null) {
            try {
                String refusal = fence.admit(request.object(), request.generation());
                if (refusal != null) {
                    return AgentReply.failure(refusal);
                }
            } catch (RuntimeException e) {
                return AgentReply.failure(reason(e));
            }
        }
        try {
            AgentReply reply = handler.handle(request);
            return reply != null ? reply : AgentReply.failure("the agent gave no reply to '" + request.action() + "'");
        } catch (Exception | LinkageError e) {
            // a LinkageError is a missing package in OSGi: worth a reply, not a dead listener
            return AgentReply.failure(reason(e));
        }
    }

    static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
