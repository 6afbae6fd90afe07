#!/bin/bash
# The lab's data-path smoke check: 2 dpv guests and 1 ihost guest.
#   dpvN:   LV smoke-legN in dlvm_vg -> dm linear dlvm-smoke-legN -> LIO iblock backstore -> iSCSI target
#           iqn.2026-11.org.dlvm:smoke-legN, tpg 1, lun 0, portal <dpv address>:3260, ACL for the ihost only
#   ihost1: open-iscsi login to both -> each disk split into a 4 MiB raid metadata part and a data part ->
#           dm-raid raid1 -> thin pool (metadata + data carved from the raid) -> thin volume ->
#           fio write with verify, pool deactivated and reactivated, fio verify-only read back, legs compared
# then everything is torn down and listed to show that nothing is left. Prints SMOKE_OK at the very end on success.
#
#   lab/smoke.sh            (work dir: $DLVM_SMOKE_WORKDIR, default lab/work/smoke; fresh data disks every run)
# Settings: DLVM_SMOKE_FIO_SIZE (32M), DLVM_SMOKE_LEG_SIZE (256M), plus lab.sh's DLVM_LAB_* settings.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
LAB=$LAB_DIR/lab.sh
W=${DLVM_SMOKE_WORKDIR:-$LAB_DIR/work/smoke}
FIO_SIZE=${DLVM_SMOKE_FIO_SIZE:-32M}
LEG_SIZE=${DLVM_SMOKE_LEG_SIZE:-256M}
export DLVM_LAB_WORKDIR=$W
# A smoke run takes minutes; guests outliving a killed run power themselves off after this.
export DLVM_LAB_LIFETIME=${DLVM_LAB_LIFETIME:-1800}

IHOST=ihost1
INIT_IQN=iqn.2026-11.org.dlvm:$IHOST
DPVS="dpv1 dpv2"
dpv_ip() { echo "10.77.0.$((10 + ${1#dpv}))"; }
leg_of() { echo "smoke-leg${1#dpv}"; }

now() { date +%s.%N; }
T0=$(now)
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
step() { echo "=== [$(since "$T0") s] $*"; }
declare -A TIMES; ORDER=()
timed() { # timed LABEL cmd...: runs cmd, records its duration
  local label=$1 t; shift; t=$(now)
  "$@"; local rc=$?
  TIMES[$label]=$(since "$t"); ORDER+=("$label")
  return $rc
}
r() { "$LAB" run -t "${TMO:-300}" "$@"; }

LAB_UP=0; DONE=0; TORN=0

# ---------------------------------------------------------------------------------------------------------------
dpv_export() {
  local g=$1 leg ip; leg=$(leg_of "$g"); ip=$(dpv_ip "$g")
  r "$g" "set -euo pipefail
LV=$leg; DM=dlvm-$leg; IQN=iqn.2026-11.org.dlvm:$leg; IP=$ip; INIT=$INIT_IQN
lvcreate -q -y -n \$LV -L $LEG_SIZE dlvm_vg
S=\$(blockdev --getsz /dev/dlvm_vg/\$LV)
dmsetup create \$DM --table \"0 \$S linear /dev/dlvm_vg/\$LV 0\"
T=/sys/kernel/config/target
mkdir -p \$T/core/iblock_0/\$DM
echo \"udev_path=/dev/mapper/\$DM\" > \$T/core/iblock_0/\$DM/control
echo 1 > \$T/core/iblock_0/\$DM/enable
TPG=\$T/iscsi/\$IQN/tpgt_1
mkdir -p \$TPG/lun/lun_0
ln -s \$T/core/iblock_0/\$DM \$TPG/lun/lun_0/\$DM
mkdir \$TPG/np/\$IP:3260
# Explicit ACLs only: no demo mode, no generated ACLs; CHAP off for now.
echo 0 > \$TPG/attrib/generate_node_acls
echo 0 > \$TPG/attrib/authentication
mkdir -p \$TPG/acls/\$INIT/lun_0
ln -s \$TPG/lun/lun_0 \$TPG/acls/\$INIT/lun_0/lun_0
echo 1 > \$TPG/enable
echo \"$g: exported /dev/mapper/\$DM (\$S sectors) as \$IQN on \$IP:3260 for \$INIT\""
}

dpv_teardown() { # best effort: every step runs even if an earlier one failed
  local g=$1 leg ip; leg=$(leg_of "$g"); ip=$(dpv_ip "$g")
  r "$g" "LV=$leg; DM=dlvm-$leg; IQN=iqn.2026-11.org.dlvm:$leg; IP=$ip; INIT=$INIT_IQN
T=/sys/kernel/config/target; TPG=\$T/iscsi/\$IQN/tpgt_1
if [ -d \$TPG ]; then
  echo 0 > \$TPG/enable 2>/dev/null
  rm -f \$TPG/acls/\$INIT/lun_0/lun_0; rmdir \$TPG/acls/\$INIT/lun_0 \$TPG/acls/\$INIT
  rm -f \$TPG/lun/lun_0/\$DM; rmdir \$TPG/lun/lun_0
  rmdir \$TPG/np/\$IP:3260; rmdir \$TPG
fi
[ -d \$T/iscsi/\$IQN ] && rmdir \$T/iscsi/\$IQN
[ -d \$T/core/iblock_0/\$DM ] && rmdir \$T/core/iblock_0/\$DM
[ -d \$T/core/iblock_0 ] && rmdir \$T/core/iblock_0
dmsetup info \$DM >/dev/null 2>&1 && dmsetup remove \$DM
lvs dlvm_vg/\$LV >/dev/null 2>&1 && lvremove -q -y dlvm_vg/\$LV
echo \"$g: teardown done\"" || true
}

IH_DEVS="dlvm-smoke-thin dlvm-smoke-pool dlvm-smoke-tdata dlvm-smoke-tmeta dlvm-smoke-raid
  dlvm-smoke-rdata0 dlvm-smoke-rmeta0 dlvm-smoke-rdata1 dlvm-smoke-rmeta1"

ihost_login() {
  local g ip iqn
  for g in $DPVS; do
    ip=$(dpv_ip "$g"); iqn=iqn.2026-11.org.dlvm:$(leg_of "$g")
    r "$IHOST" "set -euo pipefail
iscsiadm -m discovery -t sendtargets -p $ip:3260 | tee /tmp/disc
grep -q ' $iqn\$' /tmp/disc || { echo 'target $iqn not discovered on $ip' >&2; exit 1; }
iscsiadm -m node -T $iqn -p $ip:3260 --login"
  done
}

# Without udev there is no /dev/disk/by-path: the session's sysfs tree names the disk. LUN scanning is
# asynchronous, hence the (bounded) wait.
export_all() { # both dpvs at once: each is a separate guest
  local g rc=0 pids=()
  for g in $DPVS; do dpv_export "$g" > "$W/export-$g.log" 2>&1 & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  for g in $DPVS; do cat "$W/export-$g.log"; done
  return $rc
}

ihost_disk_of() {
  local iqn=$1
  r "$IHOST" "for i in \$(seq 1 100); do
  for s in /sys/class/iscsi_session/session*; do
    [ \"\$(cat \$s/targetname 2>/dev/null)\" = $iqn ] || continue
    for b in \$s/device/target*/*:0/block/*; do [ -e \$b ] && [ -b /dev/\${b##*/} ] && { echo /dev/\${b##*/}; exit 0; }; done
  done
  sleep 0.2
done
echo 'no disk for $iqn after 20 s' >&2; exit 1"
}

ihost_assemble() {
  local A=$1 B=$2
  r "$IHOST" "set -euo pipefail
A=$A; B=$B; M=8192
SA=\$(blockdev --getsz \$A); SB=\$(blockdev --getsz \$B)
[ \$SA -eq \$SB ] || { echo \"legs differ in size: \$SA \$SB\" >&2; exit 1; }
D=\$((SA - M))
i=0
for L in \$A \$B; do
  # A stale raid superblock would make dm-raid resume an old array: start from zeroed metadata.
  dd if=/dev/zero of=\$L bs=1M count=4 oflag=direct status=none
  dmsetup create dlvm-smoke-rmeta\$i --table \"0 \$M linear \$L 0\"
  dmsetup create dlvm-smoke-rdata\$i --table \"0 \$D linear \$L \$M\"
  i=\$((i + 1))
done
# Fresh legs (zeroed disks): nosync skips the initial copy; 4 raid parameters: chunk 0, region_size 4096, nosync.
dmsetup create dlvm-smoke-raid --table \"0 \$D raid raid1 4 0 region_size 4096 nosync 2 /dev/mapper/dlvm-smoke-rmeta0 /dev/mapper/dlvm-smoke-rdata0 /dev/mapper/dlvm-smoke-rmeta1 /dev/mapper/dlvm-smoke-rdata1\"
dmsetup status dlvm-smoke-raid
dmsetup status dlvm-smoke-raid | grep -q ' AA ' || { echo 'raid1 is not AA' >&2; exit 1; }
TM=16384; TD=\$(( (D - TM) / 128 * 128 ))
dmsetup create dlvm-smoke-tmeta --table \"0 \$TM linear /dev/mapper/dlvm-smoke-raid 0\"
dmsetup create dlvm-smoke-tdata --table \"0 \$TD linear /dev/mapper/dlvm-smoke-raid \$TM\"
dd if=/dev/zero of=/dev/mapper/dlvm-smoke-tmeta bs=4096 count=1 oflag=direct status=none
dmsetup create dlvm-smoke-pool --table \"0 \$TD thin-pool /dev/mapper/dlvm-smoke-tmeta /dev/mapper/dlvm-smoke-tdata 128 0\"
dmsetup message dlvm-smoke-pool 0 'create_thin 0'
# 512 MiB virtual on a smaller pool: thin provisioning proper.
dmsetup create dlvm-smoke-thin --table '0 1048576 thin /dev/mapper/dlvm-smoke-pool 0'
echo \"pool data \$TD sectors on raid1 of \$D sectors\"
dmsetup ls | sort"
}

FIO_JOB="--name=smoke --filename=/dev/mapper/dlvm-smoke-thin --rw=randwrite --bs=4k --size=$FIO_SIZE --direct=1 \
--ioengine=libaio --iodepth=16 --verify=crc32c --verify_fatal=1 --randseed=20261101"

ihost_fio_write() {
  r "$IHOST" "set -euo pipefail
fio $FIO_JOB --do_verify=1 | tee /tmp/fio-write.txt
grep -q 'err= 0' /tmp/fio-write.txt"
}

# The read-back goes through a freshly loaded pool: the data must come back via the thin metadata on disk, not
# from what the first activation had in memory.
ihost_fio_readback() {
  r "$IHOST" "set -euo pipefail
TD=\$(dmsetup table dlvm-smoke-pool | cut -d' ' -f2)
dmsetup remove dlvm-smoke-thin
dmsetup remove dlvm-smoke-pool
dmsetup create dlvm-smoke-pool --table \"0 \$TD thin-pool /dev/mapper/dlvm-smoke-tmeta /dev/mapper/dlvm-smoke-tdata 128 0\"
dmsetup create dlvm-smoke-thin --table '0 1048576 thin /dev/mapper/dlvm-smoke-pool 0'
dmsetup status dlvm-smoke-pool
fio $FIO_JOB --verify_only | tee /tmp/fio-verify.txt
grep -q 'err= 0' /tmp/fio-verify.txt"
}

# Both raid legs must hold the same bytes where the pool wrote (its first blocks: metadata came from the
# thin pool's own device, data from the start of tdata).
ihost_compare_legs() {
  r "$IHOST" "set -euo pipefail
dmsetup status dlvm-smoke-raid
dmsetup status dlvm-smoke-raid | grep -q ' AA ' || { echo 'raid1 is not AA after the writes' >&2; exit 1; }
dmsetup suspend dlvm-smoke-pool && dmsetup resume dlvm-smoke-pool
N=\$((64 * 1024 * 1024))
a=\$(head -c \$N /dev/mapper/dlvm-smoke-rdata0 | md5sum | cut -d' ' -f1)
b=\$(head -c \$N /dev/mapper/dlvm-smoke-rdata1 | md5sum | cut -d' ' -f1)
echo \"leg0 first 64 MiB md5 \$a\"; echo \"leg1 first 64 MiB md5 \$b\"
[ \"\$a\" = \"\$b\" ] || { echo 'raid1 legs differ' >&2; exit 1; }
if cmp -s -n \$N /dev/mapper/dlvm-smoke-rdata0 /dev/zero; then echo 'leg0 holds no data: fio did not reach the raid' >&2; exit 1; fi
echo 'raid1 legs are byte-equal and hold the data'"
}

ihost_teardown() { # best effort
  local iqns="" g
  for g in $DPVS; do iqns+="iqn.2026-11.org.dlvm:$(leg_of "$g")@$(dpv_ip "$g") "; done
  r "$IHOST" "for d in $(echo $IH_DEVS); do dmsetup info \$d >/dev/null 2>&1 && dmsetup remove \$d; done
for t in $iqns; do
  iqn=\${t%@*}; ip=\${t#*@}
  iscsiadm -m node -T \$iqn -p \$ip:3260 --logout
  iscsiadm -m node -T \$iqn -p \$ip:3260 -o delete
  iscsiadm -m discoverydb -t sendtargets -p \$ip:3260 -o delete
done 2>&1 | grep -v 'No matching'
echo \"$IHOST: teardown done\"" || true
}

# One command per guest (each lab.sh run costs a poll round trip); section headers avoid the word the caller
# greps for.
listing() {
  local g
  r "$IHOST" 'exec 2>&1; echo "--- $(hostname): device-mapper"; dmsetup ls
echo "--- $(hostname): iscsiadm -m session"; iscsiadm -m session
echo "--- $(hostname): iscsiadm -m node"; iscsiadm -m node
echo "--- $(hostname): iscsi sessions in sysfs"; ls /sys/class/iscsi_session; true' 2>&1 || true
  for g in $DPVS; do
    r "$g" 'exec 2>&1; echo "--- $(hostname): device-mapper"; dmsetup ls
echo "--- $(hostname): logical volumes"; lvs --noheadings -o lv_name,vg_name
echo "--- $(hostname): configfs target/iscsi"; ls /sys/kernel/config/target/iscsi
echo "--- $(hostname): configfs target/core"; cd /sys/kernel/config/target/core && find . -mindepth 1 -maxdepth 2 -type d; true' 2>&1 || true
  done
}

teardown_and_list() {
  TORN=1
  step "teardown"
  local t; t=$(now)
  ihost_teardown
  for g in $DPVS; do dpv_teardown "$g" & done; wait
  TIMES[teardown]=$(since "$t"); ORDER+=(teardown)
  step "teardown listing"
  LISTING=$(listing)
  echo "=== TEARDOWN LISTING BEGIN"
  printf '%s\n' "$LISTING"
  echo "=== TEARDOWN LISTING END"
}

on_exit() {
  local rc=$?
  # A second TERM (a caller stopping children and then the script) must not cut the cleanup short; the cleanup
  # is bounded by lab.sh's own timeouts.
  trap '' INT TERM
  trap - EXIT
  set +e
  case $rc in 130|143) SIGNALLED=1 ;; esac   # a killed lab.sh child: the caller is stopping us
  # Interrupted: powering the guests off removes everything in them; no time for an orderly teardown.
  # Failed: tear down in order and list, which shows what was left and how far the run got.
  if [ $LAB_UP = 1 ] && [ $TORN = 0 ] && [ $SIGNALLED = 0 ]; then TMO=90 teardown_and_list; fi
  if [ $LAB_UP = 1 ] || [ -f "$W/lab.state" ]; then
    step "lab down"; "$LAB" down --purge "$W"
  fi
  if [ $rc -ne 0 ] || [ $DONE = 0 ]; then
    echo "SMOKE_FAILED rc=$rc after $(since "$T0") s (see the output above; consoles in $W/guests/*/console.log)"
    [ $rc -ne 0 ] || rc=1
  fi
  exit $rc
}
SIGNALLED=0
trap on_exit EXIT
trap 'SIGNALLED=1; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------------
if [ -f "$W/lab.state" ]; then "$LAB" down --purge "$W" || true; fi
rm -rf "$W/disks"   # fresh disks: the dpvs create dlvm_vg at first boot, and the raid legs start zeroed

step "lab up: 2 dpv + 1 ihost"
timed lab_up "$LAB" up 2 1 "$W"
LAB_UP=1

step "dpv: LV, dm linear, LIO export"
timed export export_all

step "ihost: discovery and login"
timed login ihost_login
A=$(ihost_disk_of iqn.2026-11.org.dlvm:$(leg_of dpv1))
B=$(ihost_disk_of iqn.2026-11.org.dlvm:$(leg_of dpv2))
echo "disks: dpv1 -> $A, dpv2 -> $B"
[ -n "$A" ] && [ -n "$B" ] && [ "$A" != "$B" ] || { echo "iSCSI disks not found" >&2; exit 1; }

step "ihost: dm-raid raid1, thin pool, thin volume"
timed assemble ihost_assemble "$A" "$B"

step "ihost: fio $FIO_SIZE 4k random write + verify"
timed fio_write ihost_fio_write

step "ihost: pool reloaded, fio verify-only read back"
timed fio_readback ihost_fio_readback

step "ihost: raid1 legs compared"
timed compare ihost_compare_legs

teardown_and_list
if printf '%s\n' "$LISTING" | grep -v '^--- ' | grep -qi 'dlvm'; then
  echo "leftovers after teardown:" >&2; printf '%s\n' "$LISTING" | grep -v '^--- ' | grep -i dlvm >&2
  exit 1
fi

step "lab down"
timed lab_down "$LAB" down --purge "$W"
LAB_UP=0

step "timings"
for k in "${ORDER[@]}"; do printf 'TIME %-14s %6s s\n' "$k" "${TIMES[$k]}"; done
DONE=1
echo "SMOKE_OK total=$(since "$T0") s"
