#!/usr/bin/env bash
# One machine alone (issue 9, item 5): against a volume lab of one solo guest (a dpv and an ihost at once, as
# `./dlvm run` makes one: DLVM_VOLUME_DPVS=0 DLVM_VOLUME_IHOSTS=0 DLVM_VOLUME_SOLOS=1 volume-lab.sh run solo).
#
#  1. a dlv of replicas 2 is refused (409 no_space: its mirrors need two dpvs) and nothing is left of it
#  2. a dlv of replicas 1 (stripe_number 2): available, each group one leg, every leg on the solo guest
#  3. attached to the same guest: attached, the device of its size; each group is a dm linear device on its leg
#     (no raid), and the ihost's report shows every leg in_sync
#  4. fio writes region A with verify headers (and verifies it); snapshot snap1; fio writes region B
#  5. the guest's dpv refuses an evacuation (409 not_mirrored: one copy cannot be moved online)
#  6. detach, attach: A and B hold every byte; the snapshot deleted; extend while attached: the device grows,
#     fio writes region C past the old end; A-C hold
#  6b. an online clone of the attached dlv (replicas 1, its new size): cloning, copied on the guest from a snapshot
#     taken with the request, available; the snapshot is gone from the source; attached, the clone holds A-C byte
#     for byte; detached and deleted (CLONE_OK with the copy's bytes, seconds and rate)
#  6c. detach; a clone of the detached dlv: the controller attaches the source to its clone.ihost (this guest) for
#     the copy and detaches it after; the clone holds A-C (CLONE_DETACHED_OK)
#  7. delete: no LV, dm table, target, ACL, session or node record left on the guest (held), and the
#     guest's VG has all its space back
# Prints VOLUME_SOLO_OK and the time.
#
# Settings: DLVM_SCENARIO_SIZE (bytes, 256 MiB), DLVM_SCENARIO_FIO_SIZE (8M per region), DLVM_SCENARIO_OP_TIMEOUT
# (s per operation, 600), plus volume-lib.sh's settings.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/volume-lib.sh"

DLV=solo-vol
SIZE=${DLVM_SCENARIO_SIZE:-268435456}
FIO_SIZE=${DLVM_SCENARIO_FIO_SIZE:-8M}
OP_TIMEOUT=${DLVM_SCENARIO_OP_TIMEOUT:-600}
SOLO=${SOLOS%% *}
IHOST=$SOLO
DEV=/dev/mapper/dlvm-$DLV
REGION_SUMS=$VOLUME_WORK/solo-region-sums
: > "$REGION_SUMS"
S0=$(now)
[ -n "$SOLO" ] || die "the solo scenario needs a solo guest (DLVM_VOLUME_SOLOS=1)"
A=0; B=$((64 << 20)); C=$SIZE

vg_free() { guest "$SOLO" "lvm vgs --noheadings --units b --nosuffix -o vg_free dlvm_vg" | tr -d ' '; }
FREE0=$(vg_free)

step "1. replicas 2 on one dpv: refused"
r=$(api POST /dlvs "{\"name\":\"$DLV\",\"size\":$SIZE,\"dvg\":\"$DVG\"}")
[ "${r%% *}" = 409 ] && [ "$(field "${r#* }" .error)" = no_space ] || die "a mirrored dlv on one dpv answered: $r"
echo "refused: $(field "${r#* }" .message)"
call 404 GET "/dlvs/$DLV" > /dev/null || die "the refused dlv was stored"

step "2. replicas 1, stripe_number 2: created"
run_op available POST /dlvs "{\"name\":\"$DLV\",\"size\":$SIZE,\"dvg\":\"$DVG\",\"replicas\":1,\"stripe_number\":2}"
body=$(call 200 GET "/dlvs/$DLV")
[ "$(field "$body" .replicas)" = 1 ] || die "replicas is not 1: $body"
[ "$(field "$body" '[.groups[] | (.legs | length)] | unique | tostring')" = "[1]" ] || die "a group without exactly one leg: $body"
[ "$(field "$body" "[.groups[].legs[].dpv] | unique | tostring")" = "[\"$SOLO\"]" ] || die "a leg off $SOLO: $body"
echo "$(field "$body" '.groups | length') groups of one leg each on $SOLO"

step "3. attached on the same machine"
run_op attached POST "/dlvs/$DLV/attach" "{\"ihost\":\"$SOLO\"}"
[ "$(guest "$SOLO" "blockdev --getsize64 $DEV")" = "$SIZE" ] || die "$DEV is not $SIZE bytes"
guest "$SOLO" "for d in \$(dmsetup ls | awk '/^dlvm-$DLV\+s[0-9]+-(meta|data)[0-9]+\t/ {print \$1}'); do
  t=\$(dmsetup table \$d | awk '{print \$3}'); echo \"\$d: \$t\"; [ \"\$t\" = linear ] || exit 1; done
dmsetup ls | grep -q -- '-rm0' && { echo 'raid parts exist'; exit 1; }; true" 60 || die "a group of $DLV is not a linear device"
# the ihost reports its linear groups as in sync (every heartbeat, 5 s in the lab)
wait_status "/dlvs/$DLV" '[.groups[].legs[].health] | unique | tostring' '["in_sync"]' 60 > /dev/null \
  || die "the legs do not all show in_sync"
echo "every leg in_sync, $DEV of $SIZE bytes"

step "4. fio, snapshot, fio"
fio_write A $A
run_op "" POST "/dlvs/$DLV/snapshots" '{"name":"snap1"}'
fio_write B $B
check_held "4"

step "5. evacuating the only copy: refused"
r=$(api POST "/dpvs/$SOLO/evacuate" '{}')
[ "${r%% *}" = 409 ] && [ "$(field "${r#* }" .error)" = not_mirrored ] || die "the evacuation answered: $r"
echo "refused: $(field "${r#* }" .message)"
[ "$(field "$(call 200 GET "/dpvs/$SOLO")" .draining)" = false ] || die "$SOLO is draining after the refusal"

step "6. detach, attach, snapshot delete, extend while attached"
run_op available POST "/dlvs/$DLV/detach" '{}'
run_op attached POST "/dlvs/$DLV/attach" "{\"ihost\":\"$SOLO\"}"
regions_hold A $A B $B
run_op "" DELETE "/dlvs/$DLV/snapshots/snap1"
NEW=$((SIZE * 2))
run_op attached POST "/dlvs/$DLV/extend" "{\"size\":$NEW}"
[ "$(guest "$SOLO" "blockdev --getsize64 $DEV")" = "$NEW" ] || die "$DEV did not grow to $NEW bytes"
fio_write C $C
regions_hold A $A B $B C $C
check_held "6"

# clone_of NAME: asks for clone NAME of $DLV (replicas 1, the new size); prints the 202's body
clone_of() {
  local r
  r=$(api POST /dlvs "{\"name\":\"$1\",\"size\":$NEW,\"dvg\":\"$DVG\",\"replicas\":1,\"source\":{\"dlv\":\"$DLV\"}}")
  [ "${r%% *}" = 202 ] && [ "$(field "${r#* }" .status)" = cloning ] || die "the clone $1 of $DLV answered: $r"
  echo "${r#* }"
}
# clone_holds NAME [STEP]: clone NAME, attached here, holds A-C byte for byte (and the nodes what the rows want
# after STEP); then it is detached and deleted
clone_holds() {
  local source=$DLV
  DLV=$1 DEV=/dev/mapper/dlvm-$1
  run_op attached POST "/dlvs/$DLV/attach" "{\"ihost\":\"$SOLO\"}"
  regions_hold A $A B $B C $C
  [ -z "${2:-}" ] || check_held "$2"
  run_op available POST "/dlvs/$DLV/detach" '{}'
  run_op "" DELETE "/dlvs/$DLV"
  DLV=$source DEV=/dev/mapper/dlvm-$source
}

step "6b. online clone of the attached dlv"
t=$(now)
body=$(clone_of solo-clone)
id=$(op_id "$body")
wait_op "$id" "$OP_TIMEOUT" || die "the clone's operation did not succeed: $(api GET /dlvs/solo-clone)"
secs=$(since "$t")
op=$(call 200 GET "/operations/$id")
copied=$(field "$op" .done_bytes)
[ "$(field "$op" .percent)" = 100 ] && [ "$copied" -gt 0 ] || die "the clone's operation shows no finished copy: $op"
body=$(call 200 GET /dlvs/solo-clone)
[ "$(field "$body" .status)" = available ] && [ "$(field "$body" .clone_source)" = null ] \
  || die "the clone is not an available dlv of its own: $body"
wait_status "/dlvs/$DLV" '.snapshots | length' 0 120 > /dev/null || die "the snapshot taken for the clone stays"
# the copy's own time, as the ihost's agent logged it
copy_line=$(grep -ah "copy of snapshot .* onto solo-clone:" "$DLVM_LAB_WORKDIR/guests/$SOLO/io/karaf-log/karaf.log" \
  2>/dev/null | tail -1 | sed 's/.*onto [^:]*: //')
echo "CLONE_OK copied $copied bytes (the source's mapped blocks) in $secs s (request to available):" \
  "$(awk -v b="$copied" -v s="$secs" 'BEGIN {printf "%.1f MiB/s", b / 1048576 / (s > 0 ? s : 1)}');" \
  "the copy itself on $SOLO: ${copy_line:-not in its log}"
clone_holds solo-clone 6b

step "6c. online clone of the detached dlv"
run_op available POST "/dlvs/$DLV/detach" '{}'
t=$(now)
body=$(clone_of solo-clone2)
id=$(op_id "$body")
[ "$(field "$(call 200 GET "/dlvs/$DLV")" .ihost)" = "$SOLO" ] || die "the detached source was not attached to $SOLO"
wait_op "$id" "$OP_TIMEOUT" || die "the clone of the detached dlv failed: $(api GET /dlvs/solo-clone2)"
wait_status "/dlvs/$DLV" .status available 120 > /dev/null || die "the source was not detached after its clone"
[ "$(field "$(call 200 GET "/dlvs/$DLV")" '.snapshots | length')" = 0 ] || die "a snapshot was left on the source"
echo "CLONE_DETACHED_OK $(since "$t") s (the source attached for the copy, detached after)"
clone_holds solo-clone2

step "7. delete: nothing left"
run_op "" DELETE "/dlvs/$DLV"
call 404 GET "/dlvs/$DLV" > /dev/null || die "$DLV still exists after its delete"
check_held "7"
guest "$SOLO" "lvm lvs --noheadings dlvm_vg | grep . && exit 1
ls /sys/kernel/config/target/iscsi | grep -F '$LEG_IQN' && exit 1
dmsetup ls | grep dlvm && exit 1
iscsiadm -m session 2>/dev/null | grep . && exit 1; true" 60 || die "$SOLO still holds something of $DLV (above)"
[ "$(vg_free)" = "$FREE0" ] || die "the VG of $SOLO has $(vg_free) bytes free, $FREE0 before"
echo "VOLUME_SOLO_OK $(since "$S0") s"
