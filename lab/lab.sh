#!/bin/bash
# The kernel lab: Debian's kernel in QEMU (software emulation) with the build machine's userland over 9p, dpv and
# ihost guests on a bridge inside a network namespace of the lab's own. See lab/README.md.
#
#   lab.sh up N_DPV N_IHOST WORKDIR [N_SOLO]  boot the guests (and N_SOLO guests that are dpv and ihost at once),
#                                       wait until each is ready, print boot-to-ready times
#   lab.sh run [-t SECONDS] GUEST CMD   run CMD (bash) in GUEST; prints its stdout/stderr, exits with its code
#   lab.sh kill GUEST                   a power failure: the guest's QEMU killed (SIGKILL)
#   lab.sh boot GUEST                   a killed guest powered on again (same disk), waits until it is ready
#   lab.sh down [--purge] [WORKDIR]     power off, remove taps, bridge and namespace (--purge: data disks too)
#   lab.sh status [WORKDIR]
#
# run/down/status find the lab in $DLVM_LAB_WORKDIR, else through lab/work/current (set by the last "up").
# Settings (environment): DLVM_LAB_NS (dlvmlab), DLVM_LAB_MEM (MiB, 768), DLVM_LAB_SMP (1), DLVM_LAB_DISK (2G),
# DLVM_LAB_BOOT_TIMEOUT (s, 300), DLVM_LAB_BOOT (kernel+initramfs dir, lab/work/boot), DLVM_LAB_GUEST_CMD (a
# script each guest runs instead of the command loop), DLVM_LAB_LIFETIME (s, 7200: a guest powers itself off after
# that long, so a lab whose owner was killed does not run for ever), DLVM_LAB_ROOT_CACHE (none: the guests read the
# host root through 9p on every access; loose: they keep what they read, several times faster for the JVM, but a
# host file changed under a running guest may look stale there).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
NS=${DLVM_LAB_NS:-dlvmlab}
MEM=${DLVM_LAB_MEM:-768}
SMP=${DLVM_LAB_SMP:-1}
DISK_SIZE=${DLVM_LAB_DISK:-2G}
BOOT_TIMEOUT=${DLVM_LAB_BOOT_TIMEOUT:-300}
BOOT_DIR=${DLVM_LAB_BOOT:-$LAB_DIR/work/boot}
LIFETIME=${DLVM_LAB_LIFETIME:-7200}
ROOT_CACHE=${DLVM_LAB_ROOT_CACHE:-none}
BRIDGE_IP=10.77.0.1/24

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }

# Address plan: dpvN = 10.77.0.(10+N), ihostN = 10.77.0.(100+N), soloN = 10.77.0.(200+N); the MAC follows the address.
# A solo guest is one machine with every node role (dpv and ihost), as `./dlvm run` makes one.
guest_ip() { case "$1" in dpv*) echo "10.77.0.$((10 + ${1#dpv}))" ;; ihost*) echo "10.77.0.$((100 + ${1#ihost}))" ;;
  solo*) echo "10.77.0.$((200 + ${1#solo}))" ;; esac; }
guest_role() { case "$1" in dpv*) echo dpv ;; ihost*) echo ihost ;; solo*) echo solo ;; esac; }

resolve_workdir() {
  local w=${1:-${DLVM_LAB_WORKDIR:-}}
  if [ -z "$w" ]; then
    [ -L "$LAB_DIR/work/current" ] || die "no lab: give WORKDIR, set DLVM_LAB_WORKDIR, or run 'lab.sh up' first"
    w=$(readlink -f "$LAB_DIR/work/current")
  fi
  echo "$w"
}

# A pid is ours only if it is the QEMU that was started for this guest dir: pids are reused, and other people's
# processes must never be signalled.
qemu_pid_of() {
  local gdir=$1 pid
  [ -f "$gdir/qemu.pid" ] || return 1
  pid=$(cat "$gdir/qemu.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$gdir/qemu.pid" || return 1
  echo "$pid"
}

console_tail() {
  local gdir=$1 name=${1##*/}
  echo "---- $name: console tail ($gdir/console.log) ----" >&2
  tail -n "${2:-30}" "$gdir/console.log" 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >&2 || true
  if [ -s "$gdir/qemu.err" ]; then echo "---- $name: QEMU stderr ----" >&2; tail -n 20 "$gdir/qemu.err" >&2; fi
  if [ -s "$gdir/io/failed" ]; then echo "---- $name: guest says: $(cat "$gdir/io/failed")" >&2; fi
}

# Guests mount fresh tmpfs on /tmp and /run over the host root, so a checkout there (CI's, say) would be
# invisible to them: what a guest reads through the host root is staged under STAGE_DIR, by content.
STAGE_DIR=${DLVM_LAB_STAGE:-/var/lib/dlvm-lab}
staged_guest_node() {
  local sum; sum=$(sha256sum "$LAB_DIR/guest-node.sh" | cut -c1-12)
  local dest="$STAGE_DIR/bin/guest-node-$sum.sh"
  if [ ! -f "$dest" ]; then
    mkdir -p "$STAGE_DIR/bin" && install -m 0755 "$LAB_DIR/guest-node.sh" "$dest.tmp" && mv "$dest.tmp" "$dest"
  fi
  echo "$dest"
}

check_requirements() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (network namespace, taps)"
  local missing=() c pkg
  for c in qemu-system-x86_64:qemu-system-x86 ip:iproute2 busybox:busybox-static cpio:cpio modprobe:kmod \
           lvm:lvm2 dmsetup:dmsetup iscsiadm:open-iscsi iscsid:open-iscsi fio:fio thin_check:thin-provisioning-tools \
           timeout:coreutils; do
    command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing packages: apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
  [ -e /dev/net/tun ] || die "/dev/net/tun missing: tap devices are impossible here"
  ls /boot/vmlinuz-* >/dev/null 2>&1 || die "no kernel in /boot: apt-get install -y linux-image-amd64"
}

# start_qemu W GUEST: the guest's QEMU on its tap (made by up), its data disk kept from any earlier boot. A guest
# booted again keeps its earlier boots' io dirs (io.1, io.2...: their Karaf logs) beside the fresh io.
start_qemu() {
  local W=$1 g=$2 gdir=$1/guests/$2 ip role last mac n=1
  ip=$(guest_ip "$g"); role=$(guest_role "$g"); last=${ip##*.}
  mac=$(printf '52:54:00:4c:00:%02x' "$last")
  if [ -d "$gdir/io" ] && [ -f "$gdir/booted" ]; then
    while [ -e "$gdir/io.$n" ]; do n=$((n + 1)); done
    mv "$gdir/io" "$gdir/io.$n"
    [ -f "$gdir/console.log" ] && mv "$gdir/console.log" "$gdir/io.$n/console.log"
  fi
  rm -rf "$gdir/io"; mkdir -p "$gdir/io"; rm -f "$gdir/console.log" "$gdir/qemu.err"
  local disk=()
  if [ "$role" = dpv ] || [ "$role" = solo ]; then
    mkdir -p "$W/disks"
    [ -f "$W/disks/$g.img" ] || truncate -s "$DISK_SIZE" "$W/disks/$g.img"
    disk=(-drive "file=$W/disks/$g.img,format=raw,if=virtio,cache=writeback")
  fi
  local append="console=ttyS0 quiet panic=-1 dlvm.ip=$ip/24 dlvm.hostname=$g dlvm.role=$role dlvm.lifetime=$LIFETIME dlvm.run=$(staged_guest_node) dlvm.rootcache=$ROOT_CACHE"
  [ -n "${DLVM_LAB_GUEST_CMD:-}" ] && append+=" dlvm.cmd=$DLVM_LAB_GUEST_CMD"
  now > "$gdir/started"
  touch "$gdir/booted"
  # The doorbell: a byte written to this FIFO reaches the guest's virtio port dlvm.bell (QEMU holds the FIFO open
  # read-write), so the guest's command loop sleeps on the port instead of polling the share.
  rm -f "$gdir/bell" && mkfifo "$gdir/bell"
  # -cpu max: TCG then offers SSE4.2/PCLMUL, so the guest's crc32c/crct10dif use them (dm-persistent-data, fio).
  ip netns exec "$NS" qemu-system-x86_64 -name "dlvmlab-$g" -accel tcg,thread=multi -cpu max -m "$MEM" -smp "$SMP" \
    -kernel "$BOOT_DIR/vmlinuz" -initrd "$BOOT_DIR/initramfs.cpio.gz" -append "$append" \
    -display none -monitor none -serial "file:$gdir/console.log" -no-reboot \
    -netdev "tap,id=n0,ifname=tap-$g,script=no,downscript=no" -device "virtio-net-pci,netdev=n0,mac=$mac" \
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    -virtfs "local,path=$gdir/io,mount_tag=labio,security_model=none" \
    -chardev "pipe,id=bell,path=$gdir/bell" -device virtio-serial-pci -device virtserialport,chardev=bell,name=dlvm.bell \
    "${disk[@]}" -daemonize -pidfile "$gdir/qemu.pid" 2> "$gdir/qemu.err" \
    || { console_tail "$gdir"; die "QEMU for $g did not start"; }
  log "started $g ($role, $ip, ${MEM} MiB, $SMP vCPU)"
}

# wait_ready W GUEST...: until each guest's init says ready (BOOT_TIMEOUT); prints BOOT_TO_READY per guest
wait_ready() {
  local W=$1 g; shift
  local deadline=$(( $(date +%s) + BOOT_TIMEOUT )) pending="$*" all="$*"
  local -A ready_at
  while [ -n "$pending" ]; do
    local still=""
    for g in $pending; do
      local gdir=$W/guests/$g
      if [ -f "$gdir/io/ready" ]; then
        ready_at[$g]=$(now)
        log "$g ready in $(elapsed "$(cat "$gdir/started")" "${ready_at[$g]}") s ($(cat "$gdir/io/ready"))"
      elif [ -f "$gdir/io/failed" ] || ! qemu_pid_of "$gdir" >/dev/null; then
        console_tail "$gdir" 40
        die "$g failed to boot: $(cat "$gdir/io/failed" 2>/dev/null || echo 'QEMU exited')"
      else
        still+="$g "
      fi
    done
    pending=${still% }
    [ -z "$pending" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for g in $pending; do console_tail "$W/guests/$g" 40; done
      die "not ready within ${BOOT_TIMEOUT} s: $pending"
    fi
    sleep 0.2
  done
  for g in $all; do
    echo "BOOT_TO_READY $g $(elapsed "$(cat "$W/guests/$g/started")" "${ready_at[$g]}")"
  done
}

# A power failure: the guest's QEMU killed (SIGKILL, only if it is ours), nothing flushed or shut down.
do_kill() {
  local W=$1 g=$2 gdir=$1/guests/$2 pid
  [ -d "$gdir" ] || die "no guest $g in $W"
  pid=$(qemu_pid_of "$gdir") || die "guest $g is not running"
  kill -KILL "$pid"
  for _ in $(seq 1 50); do qemu_pid_of "$gdir" >/dev/null || break; sleep 0.1; done
  qemu_pid_of "$gdir" >/dev/null && die "QEMU of $g ($pid) still runs after SIGKILL"
  rm -f "$gdir/qemu.pid"
  log "killed $g (QEMU $pid)"
}

# The guest powered on again: same address, tap and data disk; waits until it is ready.
do_boot() {
  local W=$1 g=$2 gdir=$1/guests/$2
  [ -d "$gdir" ] || die "no guest $g in $W"
  ! qemu_pid_of "$gdir" >/dev/null || die "guest $g is running"
  NS=$(sed -n 's/^NS=//p' "$W/lab.state")
  start_qemu "$W" "$g"
  wait_ready "$W" "$g"
}

# ---------------------------------------------------------------------------------------------------------------
do_down() {
  local W=$1 purge=${2:-0} g gdir pid pids=() deadline
  [ -f "$W/lab.state" ] || { log "no lab state in $W"; }
  local GUESTS="" LABNS=$NS
  if [ -f "$W/lab.state" ]; then
    GUESTS=$(sed -n 's/^GUESTS=//p' "$W/lab.state"); LABNS=$(sed -n 's/^NS=//p' "$W/lab.state")
  fi
  # Ask every guest to power off (sync first, so data disks are consistent), then wait, then force.
  for g in $GUESTS; do
    gdir=$W/guests/$g
    if pid=$(qemu_pid_of "$gdir"); then
      pids+=("$pid:$g")
      [ -d "$gdir/io" ] && touch "$gdir/io/poweroff" 2>/dev/null && ring "$gdir" || true
    fi
  done
  deadline=$(( $(date +%s) + 30 ))
  for p in "${pids[@]}"; do
    pid=${p%%:*}; g=${p#*:}
    while qemu_pid_of "$W/guests/$g" >/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
    if pid=$(qemu_pid_of "$W/guests/$g"); then
      log "$g did not power off within 30 s: terminating its QEMU ($pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 25); do qemu_pid_of "$W/guests/$g" >/dev/null || break; sleep 0.2; done
      if pid=$(qemu_pid_of "$W/guests/$g"); then kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
    fi
    if qemu_pid_of "$W/guests/$g" >/dev/null; then log "QEMU of $g still running!"; fi
  done
  if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$LABNS"; then
    for g in $GUESTS; do ip -n "$LABNS" link del "tap-$g" 2>/dev/null || true; done
    ip -n "$LABNS" link del br0 2>/dev/null || true
    ip netns del "$LABNS" || log "cannot delete namespace $LABNS"
  fi
  for g in $GUESTS; do rm -f "$W/guests/$g/qemu.pid"; done
  rm -f "$W/lab.state"
  [ "$purge" = 1 ] && rm -rf "$W/disks"
  if [ -L "$LAB_DIR/work/current" ] && [ "$(readlink -f "$LAB_DIR/work/current")" = "$(readlink -f "$W")" ]; then
    rm -f "$LAB_DIR/work/current"
  fi
  local left=""
  ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$LABNS" && left+=" namespace $LABNS"
  for g in $GUESTS; do qemu_pid_of "$W/guests/$g" >/dev/null && left+=" qemu:$g"; done
  [ -z "$left" ] || die "down left behind:$left"
  log "down: lab in $W is gone (namespace $LABNS removed)"
}

# ---------------------------------------------------------------------------------------------------------------
do_up() {
  local ndpv=$1 nihost=$2 W=$3 nsolo=${4:-0}
  [[ "$ndpv" =~ ^[0-9]+$ && "$nihost" =~ ^[0-9]+$ && "$nsolo" =~ ^[0-9]+$ ]] || die "usage: lab.sh up N_DPV N_IHOST WORKDIR [N_SOLO]"
  [ $((ndpv + nihost + nsolo)) -ge 1 ] && [ "$ndpv" -le 50 ] && [ "$nihost" -le 50 ] && [ "$nsolo" -le 50 ] \
    || die "1..50 guests of each kind"
  check_requirements
  mkdir -p "$W"; W=$(cd "$W" && pwd)
  if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$NS"; then
    die "network namespace $NS exists: another lab is up (lab.sh down), or set DLVM_LAB_NS"
  fi
  [ ! -f "$W/lab.state" ] || die "$W/lab.state exists: a lab may be up there (lab.sh down $W)"
  "$LAB_DIR/build-initramfs.sh" "$BOOT_DIR" >&2 || die "cannot build the initramfs"

  local GUESTS="" i
  for i in $(seq 1 "$ndpv"); do GUESTS+="dpv$i "; done
  for i in $(seq 1 "$nihost"); do GUESTS+="ihost$i "; done
  for i in $(seq 1 "$nsolo"); do GUESTS+="solo$i "; done
  GUESTS=${GUESTS% }
  printf 'NS=%s\nGUESTS=%s\n' "$NS" "$GUESTS" > "$W/lab.state"
  trap 'rc=$?; if [ $rc -ne 0 ]; then log "up failed (rc=$rc): tearing the lab down"; do_down "'"$W"'" 0 || true; fi' EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$LAB_DIR/work"; ln -sfn "$W" "$LAB_DIR/work/current"

  ip netns add "$NS"
  ip -n "$NS" link set lo up
  ip -n "$NS" link add br0 type bridge
  ip -n "$NS" addr add "$BRIDGE_IP" dev br0
  ip -n "$NS" link set br0 up

  local g
  for g in $GUESTS; do
    rm -rf "$W/guests/$g/booted" "$W/guests/$g"/io.*
    ip -n "$NS" tuntap add dev "tap-$g" mode tap
    ip -n "$NS" link set "tap-$g" master br0 up
    start_qemu "$W" "$g"
  done
  wait_ready "$W" $GUESTS
  trap - EXIT INT TERM
  log "lab up in $W: $GUESTS (namespace $NS, bridge 10.77.0.1/24). 'lab.sh down $W' removes it."
}

# ring GDIR: wakes the guest's command loop. Opened read-write, the FIFO never blocks, even when QEMU is gone; a
# guest that missed a ring finds the command at its next look (every 5 s).
ring() { [ -p "$1/bell" ] && printf x 1<> "$1/bell" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------------------------
do_run() {
  local W=$1 tmo=$2 g=$3 cmd=$4
  local gdir=$W/guests/$g io=$W/guests/$g/io
  [ -d "$io" ] || die "no guest $g in $W"
  qemu_pid_of "$gdir" >/dev/null || { console_tail "$gdir" 20; die "guest $g is not running"; }
  [ -f "$io/ready" ] || die "guest $g is not ready"
  local id; id=$(date +%s%N)-$$-$RANDOM
  printf '%s\n' ". /etc/dlvm-lab/env" "$cmd" > "$io/body/$id.sh"
  # The guest enforces the bound too, so a runaway command stops by itself even if this caller is gone.
  printf 'exec timeout -k 10 %s bash /run/labio/body/%s.sh\n' "$tmo" "$id" > "$io/cmd/.$id.tmp"
  mv "$io/cmd/.$id.tmp" "$io/cmd/$id.sh"
  ring "$gdir"
  local deadline=$(( $(date +%s) + tmo + 30 ))
  while [ ! -f "$io/out/$id.rc" ]; do
    if ! qemu_pid_of "$gdir" >/dev/null; then console_tail "$gdir" 30; die "guest $g died while running: $cmd"; fi
    [ "$(date +%s)" -lt "$deadline" ] || die "no answer from $g within $((tmo + 30)) s to: $cmd"
    sleep 0.1
  done
  local rc; rc=$(cat "$io/out/$id.rc")
  cat "$io/out/$id.out" 2>/dev/null || true
  cat "$io/out/$id.err" >&2 2>/dev/null || true
  rm -f "$io/out/$id.rc" "$io/out/$id.out" "$io/out/$id.err" "$io/body/$id.sh" "$io/run/$id.sh"
  return "$rc"
}

do_status() {
  local W=$1 g
  [ -f "$W/lab.state" ] || { echo "no lab in $W"; return 1; }
  cat "$W/lab.state"
  for g in $(sed -n 's/^GUESTS=//p' "$W/lab.state"); do
    if qemu_pid_of "$W/guests/$g" >/dev/null; then
      echo "$g $(guest_ip "$g") $([ -f "$W/guests/$g/io/ready" ] && echo ready || echo booting)"
    else echo "$g stopped"; fi
  done
}

cmd=${1:-}; shift || true
case "$cmd" in
  up) [ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: lab.sh up N_DPV N_IHOST WORKDIR [N_SOLO]"; do_up "$@" ;;
  run)
    tmo=600
    if [ "${1:-}" = -t ]; then tmo=$2; shift 2; fi
    [ $# -eq 2 ] || die "usage: lab.sh run [-t SECONDS] GUEST 'command'"
    do_run "$(resolve_workdir)" "$tmo" "$1" "$2" ;;
  down)
    purge=0; if [ "${1:-}" = --purge ]; then purge=1; shift; fi
    do_down "$(resolve_workdir "${1:-}")" "$purge" ;;
  status) do_status "$(resolve_workdir "${1:-}")" ;;
  kill) [ $# -eq 1 ] || die "usage: lab.sh kill GUEST"; do_kill "$(resolve_workdir)" "$1" ;;
  boot) [ $# -eq 1 ] || die "usage: lab.sh boot GUEST"; do_boot "$(resolve_workdir)" "$1" ;;
  *) die "usage: lab.sh up N_DPV N_IHOST WORKDIR [N_SOLO] | run [-t S] GUEST CMD | kill GUEST | boot GUEST | down [--purge] [WORKDIR] | status [WORKDIR]" ;;
esac
