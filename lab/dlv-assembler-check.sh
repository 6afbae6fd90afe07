#!/bin/bash
# The ihost side of the Linux node driver (DlvAssembler) on a real kernel: 2 dpv guests export legs (shell, as
# smoke.sh does), the ihost guest runs DlvLabMain (bundles/node test tree) for each operation:
#   assemble (2 stripe members, meta + data mirror each) -> fio write+verify (16 MiB regions) -> snapshot (twice: the repeat is a
#   no-op) -> grow (a second data mirror per member, 256 -> 384 MiB) while fio writes -> grow again (no-op) -> fio
#   write+verify past the old end -> disassemble -> assemble again -> fio verify-only of everything written ->
#   degraded assembly (one data leg unreachable) with writes -> full assembly (the leg resyncs) -> disassemble ->
#   nothing of the dlv left on the ihost. Prints DLV_CHECK_OK at the very end on success.
#
#   lab/dlv-assembler-check.sh     (needs: mvn -o install -pl bundles/node -am -DskipTests; mvn -o test-compile -pl bundles/node)
# Settings: DLVM_LAB_NS (ihb), DLVM_IHB_WORKDIR (lab/work/ihb).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$LAB_DIR/.." && pwd)
LAB=$LAB_DIR/lab.sh
export DLVM_LAB_NS=${DLVM_LAB_NS:-ihb}
W=${DLVM_IHB_WORKDIR:-$LAB_DIR/work/ihb}
export DLVM_LAB_WORKDIR=$W
export DLVM_LAB_LIFETIME=${DLVM_LAB_LIFETIME:-2400}

IHOST=ihost1
INIT_IQN=iqn.2026-11.org.dlvm:$IHOST
DLV=ihb1
DPVS="dpv1 dpv2"
dpv_ip() { echo "10.77.0.$((10 + ${1#dpv}))"; }

now() { date +%s.%N; }
T0=$(now)
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
step() { echo "=== [$(since "$T0") s] $*"; }
declare -A TIMES; ORDER=()
timed() { local label=$1 t; shift; t=$(now); "$@"; local rc=$?; TIMES[$label]=$(since "$t"); ORDER+=("$label"); return $rc; }
r() { "$LAB" run -t "${TMO:-600}" "$@"; }

# The guests read the host's files; a copy keeps the classes steady while others rebuild the tree.
CP=$W/cp
stage_classes() {
  rm -rf "$CP"; mkdir -p "$CP"
  cp -r "$REPO/bundles/node/target/classes" "$CP/node"
  cp -r "$REPO/bundles/node/target/test-classes" "$CP/node-test"
  cp -r "$REPO/bundles/api/target/classes" "$CP/api"
  [ -f "$CP/node-test/org/dlvm/node/linux/DlvLabMain.class" ] || { echo "DlvLabMain not compiled" >&2; exit 1; }
}
JAVA="java -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $CP/node:$CP/node-test:$CP/api org.dlvm.node.linux.DlvLabMain"
dlv() { # dlv OP key=value...: the assembler in the ihost guest; fails unless it prints DLV_OK
  r "$IHOST" ". /etc/dlvm-lab/env; $JAVA $* dlv=$DLV" | tee "$W/last-dlv.log"
  grep -q '^DLV_OK' "$W/last-dlv.log"
}

# legs: <leg id> <bytes> <meta 0|1>; leg j of every mirror on dpv j+1
LEGS_OF_J() {
  local j=$1 i
  for i in 0 1; do
    echo "$DLV-s$i-meta0-$j $((12 * 1024 * 1024)) 1"
    echo "$DLV-s$i-data0-$j $((68 * 1024 * 1024)) 0"
    echo "$DLV-s$i-data1-$j $((68 * 1024 * 1024)) 0"
  done
}

dpv_export() {
  local g=$1 j ip; j=$((${g#dpv} - 1)); ip=$(dpv_ip "$g")
  r "$g" "set -euo pipefail
T=/sys/kernel/config/target
while read -r LEG BYTES META; do
  LV=dlvm-\$LEG; DM=dlvm-\$LEG+l2; IQN=iqn.2026-11.org.dlvm:leg.\$LEG
  lvcreate -q -y -Zy -Wn -n \$LV -L \${BYTES}b dlvm_vg
  # a metadata leg also needs zeros where the thin-pool superblock goes (Sizes.zeroRangesOfNewLeg)
  [ \$META = 1 ] && dd if=/dev/zero of=/dev/dlvm_vg/\$LV bs=4096 seek=1024 count=1 oflag=direct status=none
  dmsetup create \$DM --table \"0 \$((BYTES / 512)) linear /dev/dlvm_vg/\$LV 0\"
  mkdir -p \$T/core/iblock_0/\$DM
  echo \"udev_path=/dev/mapper/\$DM\" > \$T/core/iblock_0/\$DM/control
  echo 1 > \$T/core/iblock_0/\$DM/enable
  TPG=\$T/iscsi/\$IQN/tpgt_1
  mkdir -p \$TPG/lun/lun_0
  ln -s \$T/core/iblock_0/\$DM \$TPG/lun/lun_0/\$DM
  mkdir \$TPG/np/$ip:3260
  echo 0 > \$TPG/attrib/generate_node_acls
  echo 0 > \$TPG/attrib/authentication
  mkdir -p \$TPG/acls/$INIT_IQN/lun_0
  ln -s \$TPG/lun/lun_0 \$TPG/acls/$INIT_IQN/lun_0/lun_0
  echo 1 > \$TPG/enable
  echo \"$g: exported \$LV (\$BYTES bytes) as \$IQN\"
done <<'LEGS'
$(LEGS_OF_J "$j")
LEGS"
}

export_all() {
  local g rc=0 pids=()
  for g in $DPVS; do dpv_export "$g" > "$W/export-$g.log" 2>&1 & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  for g in $DPVS; do cat "$W/export-$g.log"; done
  return $rc
}

FIO="fio --filename=/dev/mapper/dlvm-$DLV --rw=randwrite --bs=4k --direct=1 --ioengine=libaio --iodepth=16 \
--verify=crc32c --verify_fatal=1"
fio_region() { # fio_region NAME OFFSET SIZE [--verify_only]: write+verify (or verify only) one region
  local name=$1 off=$2 size=$3; shift 3
  r "$IHOST" "set -euo pipefail
$FIO --name=$name --offset=$off --size=$size --randseed=$((0x${name: -1} + 2026)) ${*:---do_verify=1} > /tmp/fio-$name.txt
grep -E 'IOPS|err=' /tmp/fio-$name.txt
grep -q 'err= 0' /tmp/fio-$name.txt"
}

kernel_view() { # what the kernel shows: every dm device's table and status, the sessions
  r "$IHOST" "exec 2>&1; echo '--- dmsetup table'; dmsetup table | sort; echo '--- dmsetup status'; dmsetup status | sort
echo '--- iscsiadm -m session'; iscsiadm -m session"
}

facts() { # answers the driver relies on, asked of the real tools once
  r "$IHOST" "exec 2>&1; P=dlvm-$DLV+s0-pool
echo '--- dmsetup table of a device that does not exist'; dmsetup table dlvm-nothing; echo \"exit \$?\"
echo '--- create_thin of an id that exists'; dmsetup message \$P 0 'create_thin 0'; echo \"exit \$?\"
echo '--- create_snap of an id that exists'; dmsetup message \$P 0 'create_snap 1 0'; echo \"exit \$?\"
echo '--- delete of an id that does not exist'; dmsetup message \$P 0 'delete 99'; echo \"exit \$?\"
echo '--- set_transaction_id with the wrong current id'; dmsetup message \$P 0 'set_transaction_id 7 8'; echo \"exit \$?\"
echo '--- suspend of a suspended device'; dmsetup suspend dlvm-$DLV; dmsetup suspend dlvm-$DLV; echo \"exit \$?\"; dmsetup info dlvm-$DLV | grep State; dmsetup resume dlvm-$DLV
IQN=iqn.2026-11.org.dlvm:leg.$DLV-s0-meta0-0; PO=10.77.0.11:3260
echo '--- a leg record'; iscsiadm -m node -T \$IQN -p \$PO | grep -E 'startup|replacement_timeout|login_timeout|initial_login_retry_max|authmethod'
echo '--- show of a record that does not exist'; iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO -o show; echo \"exit \$?\"
echo '--- -o new twice'; iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO -o new; echo \"exit \$?\"
iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO -o new; echo \"exit \$?\"
iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO -o delete; echo \"exit \$?\"
echo '--- logout and delete of what is not there'; iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO --logout; echo \"exit \$?\"
iscsiadm -m node -T iqn.2026-11.org.dlvm:leg.none -p \$PO -o delete; echo \"exit \$?\"
echo '--- by-path'; ls /dev/disk/by-path 2>&1 | head -3; true"
}

leftovers() { # nothing of the dlv may be left on the ihost
  r "$IHOST" "exec 2>&1; echo '--- dmsetup ls'; dmsetup ls; echo '--- iscsiadm -m session'; iscsiadm -m session
echo '--- iscsiadm -m node'; iscsiadm -m node; echo '--- sysfs sessions'; ls /sys/class/iscsi_session; true" \
    | tee "$W/leftovers.txt"
}

on_exit() {
  local rc=$?
  trap '' INT TERM; trap - EXIT; set +e
  if [ -f "$W/lab.state" ]; then step "lab down"; "$LAB" down --purge "$W"; fi
  [ $rc -eq 0 ] || echo "DLV_CHECK_FAILED rc=$rc after $(since "$T0") s (consoles in $W/guests/*/console.log)"
  exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------------
if [ -f "$W/lab.state" ]; then "$LAB" down --purge "$W" || true; fi
mkdir -p "$W"; rm -rf "$W/disks"
stage_classes

step "lab up: 2 dpv + 1 ihost (namespace $DLVM_LAB_NS)"
timed lab_up "$LAB" up 2 1 "$W"

step "dpvs: 6 legs each (LV, linear, LIO)"
timed export export_all

step "ihost: assemble (fresh, transaction 0)"
timed assemble dlv assemble tx=0
grep -q 'transactionId=1, missingLegs=\[\]' "$W/last-dlv.log"
timed assemble_again dlv assemble tx=1 fresh-meta=1 fresh-data=1
if grep -qE 'dmsetup (create|load|suspend|message)|--login' "$W/last-dlv.log"; then
  echo "assembling again changed something" >&2; exit 1
fi
step "kernel view after assembly"; kernel_view

step "fio A: 16 MiB at 0, write + verify"
timed fio_A fio_region rA 0 16M

step "snapshot 1 of thin 0 (transaction 1 -> 2), then the same request again"
timed snapshot dlv snapshot tx=1 snap=1 fresh-meta=1 fresh-data=1
grep -q 'transaction 2' "$W/last-dlv.log"
timed snapshot_again dlv snapshot tx=1 snap=1 fresh-meta=1 fresh-data=1
if grep -q 'dmsetup suspend' "$W/last-dlv.log"; then echo "the repeated snapshot suspended something" >&2; exit 1; fi

step "facts from the real tools"; facts

# fio B: 8 MiB write+verify jobs one after the other (a new seed each) until the grow is done, each stamped with
# the guest's clock, so that every reload lands in a job whose writes are then verified
fio_loop() {
  r "$IHOST" "rm -f /tmp/grow-done; n=0
while [ ! -f /tmp/grow-done ]; do
  n=\$((n + 1)); echo \"fio B job \$n from \$(date +%T.%3N)\"
  $FIO --name=rB --offset=64M --size=8M --randseed=\$n --do_verify=1 > /tmp/fio-loop.txt || { cat /tmp/fio-loop.txt; exit 1; }
  grep -E 'IOPS|err=' /tmp/fio-loop.txt; grep -q 'err= 0' /tmp/fio-loop.txt || exit 1
  echo \"fio B job \$n verified at \$(date +%T.%3N)\"; echo \$n > /tmp/fio-loop-n
done"
}
step "grow (data mirror 1 per member, 256 -> 384 MiB) while fio B writes and verifies at 64 MiB"
fio_loop > "$W/fio-B.log" 2>&1 & FIO_PID=$!
sleep 10
timed grow dlv grow tx=2 size=384 data=2 fresh-meta=1 fresh-data=1
r "$IHOST" "touch /tmp/grow-done"
wait $FIO_PID || { cat "$W/fio-B.log"; echo "fio B failed" >&2; exit 1; }
cat "$W/fio-B.log"
grep -E '(load|suspend|resume) ' "$W/last-dlv.log" | cut -d' ' -f1-5
timed grow_again dlv grow tx=2 size=384 data=2 fresh-meta=1 fresh-data=1
if grep -qE 'dmsetup (load|suspend|create)' "$W/last-dlv.log"; then echo "the repeated grow changed something" >&2; exit 1; fi
step "kernel view after growing"; kernel_view

step "fio C: 16 MiB at 300 MiB (past the old end), write + verify"
timed fio_C fio_region rC 300M 16M

step "disassemble, assemble again, verify A, B, C"
timed disassemble dlv disassemble size=384 data=2
timed reassemble dlv assemble tx=2 size=384 data=2 fresh-meta=1 fresh-data=2
timed verify fio_region rA 0 16M --verify_only
r "$IHOST" "set -euo pipefail; $FIO --name=rB --offset=64M --size=8M --randseed=\$(cat /tmp/fio-loop-n) --verify_only > /tmp/fio-vB.txt
grep -E 'IOPS|err=' /tmp/fio-vB.txt; grep -q 'err= 0' /tmp/fio-vB.txt"
fio_region rC 300M 16M --verify_only
timed disassemble2 dlv disassemble size=384 data=2

step "degraded: leg $DLV-s0-data0-1 unreachable; fio D writes 16 MiB at 128 MiB"
timed degraded dlv assemble tx=2 size=384 data=2 fresh-meta=1 fresh-data=2 unreachable=$DLV-s0-data0-1
grep -q "missingLegs=\[$DLV-s0-data0-1\]" "$W/last-dlv.log"
r "$IHOST" "dmsetup status dlvm-$DLV+s0-data0; dmsetup table dlvm-$DLV+s0-data0"
timed fio_D fio_region rD 128M 16M
timed disassemble3 dlv disassemble size=384 data=2

step "full again: the leg returns to its mirror"
timed full dlv assemble tx=2 size=384 data=2 fresh-meta=1 fresh-data=2
r "$IHOST" "for i in \$(seq 1 60); do S=\$(dmsetup status dlvm-$DLV+s0-data0); echo \"\$S\"; case \"\$S\" in *' AA '*idle*) break;; esac; sleep 2; done
dmesg | grep -iE 'md/raid1|md: |recover' | tail -8
# both legs must hold the same bytes again: the writes made while degraded were copied to the returning leg
dmsetup suspend dlvm-$DLV+s0-pool; dmsetup resume dlvm-$DLV+s0-pool
a=\$(md5sum < /dev/mapper/dlvm-$DLV+s0-data0-rd0); b=\$(md5sum < /dev/mapper/dlvm-$DLV+s0-data0-rd1)
echo \"leg 0 \$a\"; echo \"leg 1 \$b\"; [ \"\$a\" = \"\$b\" ]"
fio_region rA 0 16M --verify_only
fio_region rD 128M 16M --verify_only
timed disassemble4 dlv disassemble size=384 data=2

step "what is left on the ihost"
leftovers
if grep -v '^---' "$W/leftovers.txt" | grep -qi dlvm; then echo "leftovers on the ihost" >&2; exit 1; fi

step "lab down"
timed lab_down "$LAB" down --purge "$W"

step "timings"
for k in "${ORDER[@]}"; do printf 'TIME %-16s %6s s\n' "$k" "${TIMES[$k]}"; done
echo "DLV_CHECK_OK total=$(since "$T0") s"
