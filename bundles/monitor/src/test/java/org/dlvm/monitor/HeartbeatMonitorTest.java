package org.dlvm.monitor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.dlvm.store.DpvEntity;
import org.dlvm.store.IhostEntity;
import org.dlvm.store.MirrorStateEntity;
import org.dlvm.store.Store;
import org.dlvm.store.TestDatabase;
import org.junit.Test;

public class HeartbeatMonitorTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    public void silenceIsMeasuredFromTheLastHeartbeat() {
        assertFalse(HeartbeatMonitor.isSilent(T0, T0 + 20_000, 20_000));
        assertTrue(HeartbeatMonitor.isSilent(T0, T0 + 20_001, 20_000));
        assertTrue(HeartbeatMonitor.isSilent(null, T0, 20_000));
    }

    @Test
    public void silentNodesTurnUnavailableAndLiveOnesStay() {
        Store store = TestDatabase.newStore();
        store.inTransaction(em -> {
            em.persist(node(new DpvEntity("quiet", null, "available", T0), T0 - 30_000));
            em.persist(node(new DpvEntity("alive", null, "available", T0), T0 - 1_000));
            IhostEntity ih = new IhostEntity("ih", null, "available", T0);
            ih.setLastSeen(T0 - 60_000);
            em.persist(ih);
            return null;
        });
        new HeartbeatMonitor(store, config(20), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)).run();
        store.inTransaction(em -> {
            assertEquals("unavailable", em.find(DpvEntity.class, "quiet").getStatus());
            assertTrue(em.find(DpvEntity.class, "quiet").getReason().contains("20 s"));
            assertEquals("available", em.find(DpvEntity.class, "alive").getStatus());
            assertEquals("unavailable", em.find(IhostEntity.class, "ih").getStatus());
            return null;
        });
    }

    /** A dead dpv shows on its dlvs within the heartbeat timeout, before the kernel fails any I/O to it. */
    @Test
    public void aSilentDpvDegradesTheServedDlvsWithALegOnIt() {
        Store store = TestDatabase.newStore();
        store.inTransaction(em -> {
            em.persist(node(new DpvEntity("d1", null, "available", T0), T0 - 30_000));
            em.persist(node(new DpvEntity("d2", null, "available", T0), T0 - 1_000));
            IhostEntity ih = new IhostEntity("ih", null, "available", T0);
            ih.setLastSeen(T0);
            em.persist(ih);
            for (String name : new String[] { "served", "detached" }) {
                org.dlvm.store.DlvEntity dlv = new org.dlvm.store.DlvEntity(name, "g", 1L << 30, 1L << 30, 1, 2, 128, 128,
                        4096, T0);
                if (name.equals("served")) {
                    dlv.setIhost("ih");
                    dlv.setState("attached", null, "DLV_ATTACH", T0);
                } else {
                    dlv.setState("available", null, "DLV_CREATE", T0);
                }
                em.persist(dlv);
                em.persist(new org.dlvm.store.LegEntity(name + "-a", name, 0, "data", 0, 0, "d1", 1L << 30, null, null, T0));
                em.persist(new org.dlvm.store.LegEntity(name + "-b", name, 0, "data", 0, 1, "d2", 1L << 30, null, null, T0));
            }
            // the ihost's last report, from before d1 fell silent: both legs alive and in sync
            MirrorStateEntity mirror = new MirrorStateEntity("served", 0, "data", 0);
            mirror.report("ih", "AA", 1L << 21, 1L << 21, "idle", T0 - 2_000);
            em.persist(mirror);
            return null;
        });
        new HeartbeatMonitor(store, config(20), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)).run();
        store.inTransaction(em -> {
            org.dlvm.store.DlvEntity served = em.find(org.dlvm.store.DlvEntity.class, "served");
            assertEquals("degraded", served.getStatus());
            assertEquals("leg served-a (s0-data0, dpv d1) unreachable: dpv d1 is unavailable (no heartbeat from its agent"
                    + " for more than 20 s)", served.getReason());
            assertEquals("available", em.find(org.dlvm.store.DlvEntity.class, "detached").getStatus());
            return null;
        });
    }

    private static DpvEntity node(DpvEntity d, long lastSeen) {
        d.setLastSeen(lastSeen);
        return d;
    }

    private static MonitorConfig config(long timeout) {
        return new MonitorConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MonitorConfig.class;
            }

            @Override
            public long heartbeat_timeout_seconds() {
                return timeout;
            }

            @Override
            public long sweep_seconds() {
                return 5;
            }
        };
    }
}
