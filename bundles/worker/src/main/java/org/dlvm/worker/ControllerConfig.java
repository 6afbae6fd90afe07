package org.dlvm.worker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.dlvm.controller.cfg */
@ObjectClassDefinition(name = "DLVM controller", description = "Timeouts of the controller's worker and monitor")
public @interface ControllerConfig {
    String PID = "org.dlvm.controller";

    @AttributeDefinition(description = "Seconds a pending operation waits before the sweep submits it again")
    long resubmit_after_seconds() default 5;

    @AttributeDefinition(description = "Seconds after which a running operation's lock counts as abandoned and another worker takes it over")
    long lock_lease_seconds() default 60;

    @AttributeDefinition(description = "Attempts an operation gets when none ends with a result (a controller crash, a database outage) before it fails")
    int max_attempts() default 5;

    @AttributeDefinition(description = "Seconds between sweeps for operations to resume")
    long sweep_seconds() default 5;

    @AttributeDefinition(description = "Thin-pool block size of new dlvs, in 512-byte sectors (a multiple of 128 = 64 KiB)")
    long thin_block_sectors() default 128;

    @AttributeDefinition(description = "Stripe chunk of new dlvs, in 512-byte sectors")
    long stripe_chunk_sectors() default 128;

    @AttributeDefinition(description = "Region of the mirrors' write-intent bitmaps, in 512-byte sectors (a power of 2): what a returning leg resyncs at least")
    long mirror_region_sectors() default 4096;

    @AttributeDefinition(description = "Seconds between checks of how full the thin pools of attached dlvs are")
    long pool_watch_seconds() default 10;

    @AttributeDefinition(description = "A thin dlv's data grows when any of its pools has less than this percentage of its data free")
    int pool_grow_below_free_percent() default 40;

    @AttributeDefinition(description = "Seconds between checks of degraded dlvs for legs to take back into their mirrors")
    long repair_watch_seconds() default 10;

    @AttributeDefinition(description = "Seconds a degraded dlv waits after its last restore before the repair watch tries to take its legs back again")
    long rejoin_retry_seconds() default 30;

    @AttributeDefinition(description = "Seconds a dpv may stay unavailable before each leg it holds of a served dlv is replaced on another dpv (a dpv back sooner keeps its legs, which resync only what changed)")
    long repair_after_seconds() default 600;

    @AttributeDefinition(description = "Restores of a degraded dlv within its repair window after which a leg its mirror still runs without, on an available dpv, is replaced on another dpv (a disk that fails each time it is taken back)")
    int rejoin_attempts_before_repair() default 5;

    @AttributeDefinition(description = "Repairs (dlvs whose new legs are being rebuilt) a dpv takes part in at most at once: each writes a full copy to it")
    int repairs_per_dpv() default 2;

    @AttributeDefinition(description = "Seconds between the comparisons of what every available node holds with the database, which remove what no dlv wants there (the stack of an ihost a forced detach fenced, an export a dpv kept while it was away) and restore what a served dlv lacks there")
    long cleanup_seconds() default 30;

    @AttributeDefinition(description = "Milliseconds between two looks of a clone's operation at its copy (each writes the progress the clone and its operation show)")
    long clone_poll_millis() default 2000;

    @AttributeDefinition(description = "Seconds a clone waits for the snapshot it copies to be taken (or its detached source to be attached for the copy) before it fails")
    long clone_snapshot_wait_seconds() default 600;

    @AttributeDefinition(description = "The ihost a detached dlv is attached to while clones copy from it, and detached from after the last; empty: a detached source is refused (409 not_attached)")
    String clone_ihost() default "";
}
