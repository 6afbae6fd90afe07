package org.dlvm.worker;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.dlvm.protocol.AgentReply;
import org.dlvm.protocol.AgentRequest;
import org.dlvm.protocol.Queues;
import org.dlvm.worker.messaging.AgentGateway;
import org.dlvm.worker.messaging.AgentUnreachableException;
import org.dlvm.worker.messaging.WorkQueue;

final class Fixtures {
    private Fixtures() {
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis = 1_700_000_000_000L;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        void advanceSeconds(long s) {
            millis += s * 1000;
        }
    }

    static final class RecordingQueue implements WorkQueue {
        final List<String> submitted = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean brokerDown;

        @Override
        public void submit(String operationId) {
            if (brokerDown) {
                throw new IllegalStateException("broker down");
            }
            submitted.add(operationId);
        }
    }

    /** Answers with the given function; null means the agent never answers. */
    static final class ScriptedAgents implements AgentGateway {
        final List<AgentRequest> requests = new ArrayList<>();
        Function<AgentRequest, AgentReply> script = r -> null;

        @Override
        public AgentReply call(Queues.Role role, String node, AgentRequest request) throws AgentUnreachableException {
            requests.add(request);
            AgentReply reply = script.apply(request);
            if (reply == null) {
                throw new AgentUnreachableException("agent on queue " + Queues.agentQueue(role, node)
                        + " did not answer within 15 s", null);
            }
            return reply;
        }

        @Override
        public AgentReply callDataPath(Queues.Role role, String node, AgentRequest request)
                throws AgentUnreachableException {
            return call(role, node, request);
        }
    }

    static ControllerConfig config() {
        return new ControllerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ControllerConfig.class;
            }

            @Override
            public long resubmit_after_seconds() {
                return 5;
            }

            @Override
            public long lock_lease_seconds() {
                return 60;
            }

            @Override
            public int max_attempts() {
                return 3;
            }

            @Override
            public long sweep_seconds() {
                return 5;
            }

            @Override
            public long thin_block_sectors() {
                return 128;
            }

            @Override
            public long stripe_chunk_sectors() {
                return 128;
            }

            @Override
            public long mirror_region_sectors() {
                return 4096;
            }

            @Override
            public long pool_watch_seconds() {
                return 10;
            }

            @Override
            public int pool_grow_below_free_percent() {
                return 40;
            }

            @Override
            public long repair_watch_seconds() {
                return 10;
            }

            @Override
            public long rejoin_retry_seconds() {
                return 30;
            }

            @Override
            public long repair_after_seconds() {
                return 300;
            }

            @Override
            public int rejoin_attempts_before_repair() {
                return 3;
            }

            @Override
            public int repairs_per_dpv() {
                return 1;
            }

            @Override
            public long cleanup_seconds() {
                return 30;
            }

            @Override
            public long clone_poll_millis() {
                return 5;
            }

            @Override
            public long clone_snapshot_wait_seconds() {
                return 5;
            }

            @Override
            public String clone_ihost() {
                return "ih2";
            }
        };
    }
}
