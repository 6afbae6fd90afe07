package org.dlvm.rest;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import org.dlvm.api.Names;
import org.dlvm.api.Operation;

/**
 * The shapes that openapi.json describes beyond the api records: request bodies (read field by
 * field by JsonBody, so the resources cannot declare them as parameters), the error body, and the
 * answers that carry an operation. Nothing is built from these types: they are the document.
 */
final class Schemas {
    private Schemas() {
    }

    @Schema(name = "Error", description = "Every error answer")
    record Error(@Schema(required = true, description = "stable machine-readable code") String error,
            @Schema(required = true, description = "what went wrong, for people") String message) {
    }

    @Schema(name = "Service")
    record Service(@Schema(required = true) String service, @Schema(required = true) String api,
            @Schema(required = true) String version) {
    }

    @Schema(name = "Health")
    record Health(@Schema(required = true, allowableValues = { "ok", "unavailable" }) String status,
            @Schema(required = true, description = "per check: ok, or the problem") Map<String, String> checks) {
    }

    @Schema(name = "NewDpv")
    record NewDpv(@Schema(required = true, pattern = Names.PATTERN) String name,
            @Schema(description = "host name or IP address of the dpv's iSCSI portal") String address,
            @Schema(pattern = Names.PATTERN, description = "the rack or zone the dpv fails with; none by default")
            String failureDomain) {
    }

    @Schema(name = "FailureDomain")
    record FailureDomain(@Schema(required = true, pattern = Names.PATTERN, nullable = true,
            description = "the rack or zone the dpv fails with; null: none") String failureDomain) {
    }

    @Schema(name = "NewDvg")
    record NewDvg(@Schema(required = true, pattern = Names.PATTERN) String name,
            @Schema(description = "whether mirrors must spread over failure domains (default preferred)")
            org.dlvm.api.DomainPolicy domainPolicy) {
    }

    @Schema(name = "DomainPolicySetting")
    record DomainPolicySetting(@Schema(required = true) org.dlvm.api.DomainPolicy domainPolicy) {
    }

    @Schema(name = "RepairWindow")
    record RepairWindow(@Schema(required = true, nullable = true, minimum = "1", maximum = "604800",
            description = "seconds a dpv may stay unavailable before its legs are replaced; null: the controller's"
                    + " default") Long repairAfterSeconds) {
    }

    @Schema(name = "DvgMember")
    record DvgMember(@Schema(required = true, pattern = Names.PATTERN) String dpv) {
    }

    @Schema(name = "NewIhost")
    record NewIhost(@Schema(required = true, pattern = Names.PATTERN) String name,
            @Schema(description = "the ihost's iSCSI initiator name; asked of its agent when absent") String initiatorIqn) {
    }

    @Schema(name = "NewDlv")
    record NewDlv(@Schema(required = true, pattern = Names.PATTERN) String name,
            @Schema(required = true, description = "virtual size in bytes") long size,
            @Schema(required = true, pattern = Names.PATTERN) String dvg,
            @Schema(defaultValue = "1", minimum = "1") Integer stripeNumber,
            @Schema(defaultValue = "2", minimum = "1", maximum = "3") Integer replicas,
            @Schema(description = "the thin pools' data to start with, in bytes; at most size") Long dataSize,
            @Schema(description = "online clone: {\"dlv\": name} (a snapshot of it is taken now, deleted after the copy)"
                    + " or {\"snapshot\": {\"dlv\": name, \"name\": snapshot}}; the source dlv must be attached; the clone"
                    + " is cloning until the copy is done") Map<String, Object> source) {
    }

    @Schema(name = "Attach")
    record Attach(@Schema(required = true, pattern = Names.PATTERN) String ihost) {
    }

    @Schema(name = "Revert")
    record Revert(@Schema(required = true, pattern = Names.PATTERN, description = "one of the dlv's available snapshots;"
            + " it stays") String snapshot) {
    }

    @Schema(name = "Detach")
    record Detach(@Schema(description = "true: for an ihost that is gone or cannot let go. The detach does not wait"
            + " for it; the dpvs stop exporting the legs to it (it is fenced), and what it still holds is removed when"
            + " it answers again. 409 cannot_fence while a dpv holding the dlv's legs is unavailable",
            defaultValue = "false") Boolean force) {
    }

    @Schema(name = "Extend")
    record Extend(@Schema(required = true, description = "the new virtual size in bytes, larger than today's") long size) {
    }

    @Schema(name = "NewSnapshot")
    record NewSnapshot(@Schema(required = true, pattern = Names.PATTERN) String name) {
    }

    /**
     * A 201 or 202 answer is the object's own fields and {@code operation} beside them; the document
     * composes each of these with its object's schema (ApiDocument).
     */
    @Schema(name = "DpvAccepted", description = "the dpv as stored, and the operation that asks its agent")
    record DpvAccepted(@Schema(required = true) Operation operation) {
    }

    @Schema(name = "IhostAccepted", description = "the ihost as stored, and the operation that asks its agent")
    record IhostAccepted(@Schema(required = true) Operation operation) {
    }

    @Schema(name = "DlvAccepted", description = "the dlv as stored, in its transitional status, and its operation")
    record DlvAccepted(@Schema(required = true) Operation operation) {
    }

    @Schema(name = "SnapshotAccepted", description = "the snapshot as stored, and its operation")
    record SnapshotAccepted(@Schema(required = true) Operation operation) {
    }
}
