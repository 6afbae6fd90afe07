#!/usr/bin/env bash
# The data-path benchmark, against a volume lab that is up (volume-lab.sh up, or volume-lab.sh run bench).
# For each stripe count (1 and 2): a dlv is created and attached to the ihost, then fio 4k random writes
# (iodepth 32, direct, libaio, time based) run on /dev/mapper/dlvm-<dlv>, and right after the same fio on a raw leg;
# prints, per stripe count, a line `BENCH stripe_number=<N> ...` and then `IOPS dlv=<n> raw=<n> ratio=<r>`.
#
# The raw leg: an LV of the same kind on dpv1 with the dpv's two linear layers, exported through LIO to the ihost and
# logged in with iscsiadm, exactly as a dlv's leg reaches the ihost (LV, dm linear x2, iblock backstore, iSCSI
# over the lab bridge, the ihost's SCSI disk), without DLVM's mirror, thin pool and striping. So the ratio is what
# DLVM's stack costs on top of one leg on the same path, with the same emulated network and disks; the dpv's LV
# measured inside the dpv would leave out iSCSI, which under emulation costs more than anything else. It is not a
# DLVM leg (an exported leg sits under the attached dlv's live mirror, which raw writes would corrupt), and its
# names are not DLVM's (bench-raw): DLVM's cleanup never touches it, this script removes it.
#
# Both devices are first written once sequentially over the measured region, so that neither measurement includes
# first-write costs (the thin pool's block provisioning and zeroing, LVM's unallocated extents).
#
# Settings: DLVM_BENCH_RUNTIME (s per fio run, 30), DLVM_BENCH_REGION (the region fio writes, 64M),
# DLVM_BENCH_SIZE (dlv and raw LV size in bytes, 256 MiB), DLVM_BENCH_STRIPES ("1 2"), plus volume-lib.sh's.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/volume-lib.sh"

RUNTIME=${DLVM_BENCH_RUNTIME:-30}
REGION=${DLVM_BENCH_REGION:-64M}
SIZE=${DLVM_BENCH_SIZE:-268435456}
STRIPES=${DLVM_BENCH_STRIPES:-1 2}
OP_TIMEOUT=${DLVM_BENCH_OP_TIMEOUT:-600}
IHOST=${IHOSTS%% *}
RAW_DPV=dpv1
RAW=bench-raw
RAW_IQN=iqn.2026-11.org.dlvm:$RAW
INIT_IQN=iqn.2026-11.org.dlvm:$IHOST
PORTAL=$(dpv_ip $RAW_DPV):3260
# The portal DLVM's legs listen on (docs/DATAPATH.md): LIO shares one listener per address and refuses 0.0.0.0:3260
# while another target listens on the dpv's own address, so the raw leg must listen where DLVM's do.
LISTEN=0.0.0.0:3260
S0=$(now)
[ -n "$IHOST" ] || die "the benchmark needs an ihost"

run_op() { # METHOD PATH [JSON]
  local body; body=$(call 202 "$@") || return 1
  wait_op "$(op_id "$body")" "$OP_TIMEOUT"
}

# fio_iops DEVICE: sequential fill of the region, then the timed 4k random write; prints the write IOPS
fio_iops() {
  guest "$IHOST" "set -e
fio --name=fill --filename=$1 --size=$REGION --rw=write --bs=1M --ioengine=libaio --iodepth=4 --direct=1 >/dev/null
fio --name=bench --filename=$1 --size=$REGION --rw=randwrite --bs=4k --iodepth=32 --direct=1 --ioengine=libaio \
  --time_based --runtime=$RUNTIME --ramp_time=3 --group_reporting --output-format=terse --terse-version=3 | \
  awk -F';' '{printf \"%d\\n\", \$49}'" $((RUNTIME * 4 + 300))
}

raw_up() {
  step "raw leg: LV $RAW on $RAW_DPV, exported to $IHOST, logged in"
  guest "$RAW_DPV" "set -euo pipefail
lvm lvcreate -q -y -Zy -Wn -n $RAW -L ${SIZE}b dlvm_vg >/dev/null
S=\$(blockdev --getsz /dev/dlvm_vg/$RAW)
dmsetup create $RAW+l1 --table \"0 \$S linear /dev/dlvm_vg/$RAW 0\"
dmsetup create $RAW+l2 --table \"0 \$S linear /dev/mapper/$RAW+l1 0\"
T=/sys/kernel/config/target; TPG=\$T/iscsi/$RAW_IQN/tpgt_1
mkdir -p \$T/core/iblock_0/$RAW
echo udev_path=/dev/mapper/$RAW+l2 > \$T/core/iblock_0/$RAW/control
echo 1 > \$T/core/iblock_0/$RAW/enable
mkdir -p \$TPG/lun/lun_0
ln -s \$T/core/iblock_0/$RAW \$TPG/lun/lun_0/$RAW
mkdir \$TPG/np/$LISTEN
echo 0 > \$TPG/attrib/generate_node_acls; echo 0 > \$TPG/attrib/authentication
mkdir -p \$TPG/acls/$INIT_IQN/lun_0
ln -s \$TPG/lun/lun_0 \$TPG/acls/$INIT_IQN/lun_0/lun_0
echo 1 > \$TPG/enable"
  # A node record of its own (no sendtargets discovery: that would record DLVM's leg targets on the portal too)
  RAW_DEV=$(guest "$IHOST" "set -euo pipefail
iscsiadm -m node -T $RAW_IQN -p $PORTAL -o new >/dev/null
iscsiadm -m node -T $RAW_IQN -p $PORTAL --login >/dev/null
for _ in \$(seq 1 100); do
  for s in /sys/class/iscsi_session/session*; do
    [ \"\$(cat \$s/targetname)\" = $RAW_IQN ] || continue
    for b in \$s/device/target*/*:0/block/*; do [ -e \"\$b\" ] && { echo /dev/\${b##*/}; exit 0; }; done
  done
  sleep 0.2
done
echo 'no disk for $RAW_IQN' >&2; exit 1")
  echo "raw leg on $IHOST: $RAW_DEV"
}

raw_down() { # best effort, every step: also after a failure half-way
  guest "$IHOST" "iscsiadm -m node -T $RAW_IQN -p $PORTAL --logout >/dev/null 2>&1
iscsiadm -m node -T $RAW_IQN -p $PORTAL -o delete >/dev/null 2>&1; true" 120 || true
  guest "$RAW_DPV" "T=/sys/kernel/config/target; TPG=\$T/iscsi/$RAW_IQN/tpgt_1
if [ -d \$TPG ]; then
  echo 0 > \$TPG/enable
  rm -f \$TPG/acls/$INIT_IQN/lun_0/lun_0; rmdir \$TPG/acls/$INIT_IQN/lun_0 \$TPG/acls/$INIT_IQN
  rm -f \$TPG/lun/lun_0/$RAW; rmdir \$TPG/lun/lun_0 \$TPG/np/$LISTEN \$TPG
fi
[ -d \$T/iscsi/$RAW_IQN ] && rmdir \$T/iscsi/$RAW_IQN
[ -d \$T/core/iblock_0/$RAW ] && rmdir \$T/core/iblock_0/$RAW
dmsetup remove $RAW+l2 2>/dev/null; dmsetup remove $RAW+l1 2>/dev/null
lvm lvremove -q -y dlvm_vg/$RAW >/dev/null 2>&1; true" 120 || true
}

dlv_down() { # best effort
  local dlv=$1 r
  r=$(api GET "/dlvs/$dlv")
  [ "${r%% *}" = 200 ] || return 0
  case "$(field "${r#* }" .status)" in
    attached|degraded|error) run_op POST "/dlvs/$dlv/detach" '{}' || true ;;
  esac
  run_op DELETE "/dlvs/$dlv" || true
}

CURRENT=
cleanup() { trap '' TERM INT; [ -n "$CURRENT" ] && dlv_down "$CURRENT"; raw_down; }
trap cleanup EXIT
trap 'exit 130' TERM INT

raw_up
for n in $STRIPES; do
  dlv=bench-s$n; CURRENT=$dlv
  step "stripe_number $n: dlv $dlv ($SIZE bytes) created and attached to $IHOST"
  run_op POST /dlvs "{\"name\":\"$dlv\",\"size\":$SIZE,\"dvg\":\"$DVG\",\"stripe_number\":$n}"
  run_op POST "/dlvs/$dlv/attach" "{\"ihost\":\"$IHOST\"}"
  wait_status "/dlvs/$dlv" .status attached 60 > /dev/null
  step "fio on /dev/mapper/dlvm-$dlv (${RUNTIME} s)"
  dlv_iops=$(fio_iops "/dev/mapper/dlvm-$dlv")
  step "fio on the raw leg $RAW_DEV (${RUNTIME} s)"
  raw_iops=$(fio_iops "$RAW_DEV")
  ratio=$(awk -v a="$dlv_iops" -v b="$raw_iops" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "nan" }')
  echo "BENCH stripe_number=$n replicas=2 dpvs=$N_DPV bs=4k iodepth=32 runtime=${RUNTIME}s region=$REGION"
  echo "IOPS dlv=$dlv_iops raw=$raw_iops ratio=$ratio"
  step "dlv $dlv detached and deleted"
  dlv_down "$dlv"; CURRENT=
done
echo "BENCH_OK time=$(since "$S0")s"
