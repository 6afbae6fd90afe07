#!/bin/bash
# Runs inside a lab guest as PID 1 (the initramfs switch_roots into it): prepares the node for its role, signals
# readiness on the guest's writable 9p share (mount tag "labio") and then serves the host's commands from it.
#
# Protocol on the share (host side: lab.sh run):
#   body/<id>.sh   the command, written first
#   cmd/<id>.sh    the launcher, renamed into place last; the guest moves it to run/ and runs it once
#   out/<id>.out, out/<id>.err, then out/<id>.rc (renamed into place last: its presence means "done")
#   ready          written once the node is prepared (contents: hostname, role, guest uptime)
#   failed         written instead of ready when preparation fails (the guest then powers off)
#
# No `set -e`: as PID 1 an unplanned exit panics the kernel; every failure goes through fail() instead, which
# leaves a reason for the host and powers off cleanly.
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
IO=/run/labio

poweroff_now() { sync; echo o > /proc/sysrq-trigger; sleep 30; }
fail() {
  echo "DLVM-NODE-FAIL: $*"
  [ -d "$IO" ] && echo "$*" > "$IO/failed"
  poweroff_now
}

ROLE=; HOST=$(hostname); CMD=; LIFETIME=7200
for a in $(cat /proc/cmdline); do
  case "$a" in
    dlvm.role=*) ROLE=${a#dlvm.role=} ;;
    dlvm.cmd=*) CMD=${a#dlvm.cmd=} ;;
    dlvm.lifetime=*) LIFETIME=${a#dlvm.lifetime=} ;;
  esac
done

mkdir -p "$IO"
# cache=none (the default): the host drops command files in at any time and the guest must see them at once.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 labio "$IO" || fail "cannot mount the labio share"
mkdir -p "$IO/cmd" "$IO/body" "$IO/run" "$IO/out" || fail "labio share is not writable"

# Without udev: libdevmapper must create /dev/mapper nodes itself, and LVM must neither wait for udev nor rely on
# its rules. The filter keeps LVM off the iSCSI disks and dm devices of the data path (only the local data disk
# /dev/vd* is a PV).
export DM_DISABLE_UDEV=1 LVM_SYSTEM_DIR=/etc/dlvm-lab/lvm
mkdir -p "$LVM_SYSTEM_DIR" /run/lock/lvm /run/lvm /etc/target /var/lib/iscsi /run/lock/iscsi
cat > "$LVM_SYSTEM_DIR/lvm.conf" <<'CONF'
devices {
  obtain_device_list_from_udev = 0
  global_filter = [ "a|^/dev/vd|", "r|.*|" ]
}
activation {
  udev_sync = 0
  udev_rules = 0
  monitoring = 0
}
CONF
cat > /etc/dlvm-lab/env <<ENV
export PATH=$PATH HOME=$HOME LANG=$LANG DM_DISABLE_UDEV=1 LVM_SYSTEM_DIR=$LVM_SYSTEM_DIR LVM_SUPPRESS_FD_WARNINGS=1
export DLVM_LAB_ROLE=$ROLE DLVM_LAB_HOSTNAME=$HOST
ENV

# the dpv's volume group on the guest's data disk
setup_dpv() {
  [ -b /dev/vda ] || fail "dpv without its data disk /dev/vda"
  if ! vgs dlvm_vg >/dev/null 2>&1; then
    pvcreate -q -y -ff /dev/vda && vgcreate -q dlvm_vg /dev/vda || fail "cannot create VG dlvm_vg on /dev/vda"
    echo "$HOST: created VG dlvm_vg on /dev/vda"
  fi
  vgchange -q -ay dlvm_vg >/dev/null || fail "cannot activate VG dlvm_vg"
}
# the ihost's iSCSI initiator
setup_ihost() {
  echo "InitiatorName=iqn.2026-11.org.dlvm:$HOST" > /etc/iscsi/initiatorname.iscsi
  iscsid || fail "iscsid did not start"
  # iscsiadm answers 21 ("no active sessions") once iscsid listens; anything else means it is not up yet.
  local rc=1
  for _ in $(seq 1 50); do
    iscsiadm -m session >/dev/null 2>&1; rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 21 ] && break
    sleep 0.2
  done
  [ $rc -eq 0 ] || [ $rc -eq 21 ] || fail "iscsid does not answer (iscsiadm rc=$rc)"
}

case "$ROLE" in
  dpv) setup_dpv ;;
  ihost) setup_ihost ;;
  solo) setup_dpv; setup_ihost ;;
  *) fail "unknown dlvm.role='$ROLE'" ;;
esac

echo "$HOST $ROLE uptime=$(cut -d' ' -f1 /proc/uptime)" > "$IO/ready.tmp" && mv "$IO/ready.tmp" "$IO/ready"
echo "DLVM-NODE-READY $HOST $ROLE"

if [ -n "$CMD" ]; then
  bash "$CMD"
  echo "DLVM-NODE-CMD-EXIT $? $CMD"
  poweroff_now
fi

# Commands run in the background so that a long one (fio) does not block the next (a status query).
# The loop sleeps on the virtio port dlvm.bell, which the host rings after each command it drops in (lab.sh ring):
# polling the 9p share five times a second cost each idle guest ~4% of its CPU under emulation. It looks every 5 s
# anyway (lifetime, a ring lost). Without the port (an older QEMU command line) it polls, on a private fifo's read
# timeout (no fork per tick).
poll_on_tick() { TICK=0.2; mkfifo /run/dlvm-lab.tick && exec 9<> /run/dlvm-lab.tick || fail "cannot make the tick fifo"; }
BELL=
for n in /sys/class/virtio-ports/*/name; do
  [ -r "$n" ] && [ "$(cat "$n")" = dlvm.bell ] && BELL=/dev/$(basename "$(dirname "$n")")
done
if [ -n "$BELL" ] && [ -c "$BELL" ] && exec 9< "$BELL"; then
  TICK=5
else
  poll_on_tick
fi
echo "DLVM-NODE-BELL ${BELL:-none} (looks every $TICK s without a ring)"
while :; do
  for f in "$IO"/cmd/*.sh; do
    [ -e "$f" ] || continue
    id=${f##*/}; id=${id%.sh}
    mv "$f" "$IO/run/$id.sh" 2>/dev/null || continue
    ( exec 9>&-; cd / && bash "$IO/run/$id.sh" > "$IO/out/$id.out" 2> "$IO/out/$id.err" < /dev/null
      echo $? > "$IO/out/$id.rc.tmp" && mv "$IO/out/$id.rc.tmp" "$IO/out/$id.rc" ) &
  done
  [ -e "$IO/poweroff" ] && break
  # A guest whose host-side owner died (killed test, lost shell) must not run for ever.
  read -r up _ < /proc/uptime; up=${up%.*}
  if [ "$up" -ge "$LIFETIME" ]; then echo "DLVM-NODE-LIFETIME ${LIFETIME}s reached"; break; fi
  # one byte a ring; rings that came together cost a look each, which finds nothing new. An end of file (the
  # port closed on the host's side) would not wait: back to polling then.
  read -r -N 1 -t "$TICK" -u 9 _; rc=$?
  if [ $rc -ne 0 ] && [ $rc -le 128 ] && [ "$TICK" != 0.2 ]; then
    echo "DLVM-NODE-BELL closed: polling"; exec 9<&-; poll_on_tick
  fi
done
echo "DLVM-NODE-POWEROFF $HOST"
poweroff_now
