#!/bin/bash
# Builds the lab's boot files: Debian's newest installed kernel and a small busybox initramfs whose /init loads
# the data-path modules, mounts the build machine's root read-only over 9p with a tmpfs overlay on top, and runs
# the script named by dlvm.run= on the kernel command line.
#
#   lab/build-initramfs.sh OUT_DIR
#
# Writes OUT_DIR/vmlinuz (the kernel: its uncompressed ELF image where it can be taken out, else a copy of the
# bzImage), OUT_DIR/initramfs.cpio.gz and OUT_DIR/kernel.version; reuses them
# when the kernel, its modules and this script are unchanged.
set -euo pipefail

die() { echo "build-initramfs: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 OUT_DIR"
OUT=$1
SELF=$(readlink -f "$0")

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found: apt-get install -y $2"; }
need modprobe kmod
need cpio cpio
need gzip gzip
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && "$BUSYBOX" true || die "no $BUSYBOX: apt-get install -y busybox-static"
# The initramfs has no libraries, so a dynamically linked busybox would not run there.
if file -L "$BUSYBOX" 2>/dev/null | grep -q 'dynamically linked'; then die "$BUSYBOX is dynamically linked: apt-get install -y busybox-static"; fi

KERNEL=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)
[ -n "$KERNEL" ] || die "no /boot/vmlinuz-*: apt-get install -y linux-image-amd64"
VER=${KERNEL#/boot/vmlinuz-}
MODDIR=/lib/modules/$VER
[ -d "$MODDIR" ] || die "kernel $KERNEL has no $MODDIR (reinstall linux-image-$VER)"

# dm-raid and sd_mod pull in crc/t10-pi helpers; --show-depends lists those too, in load order.
MODULES="dm-mod dm-thin-pool dm-mirror dm-raid dm-region-hash dm-log dm-persistent-data dm-bufio dm-bio-prison
  configfs target_core_mod target_core_iblock iscsi_target_mod scsi_mod crc64-rocksoft t10-pi sd_mod
  scsi_transport_iscsi libiscsi libiscsi_tcp iscsi_tcp loop virtio_pci virtio_net virtio_blk virtio_console 9pnet_virtio 9p overlay"

# vmlinux_of BZIMAGE OUT: writes OUT, the uncompressed kernel inside an xz-compressed bzImage, and succeeds when it
# has the PVH entry note (Xen note type 18) that lets QEMU boot it directly
vmlinux_of() {
  local at
  at=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$1" | head -1 | cut -d: -f1)
  [ -n "$at" ] || return 1
  # the compressed stream is followed by the bzImage's trailer: xz complains of it after writing the whole kernel
  tail -c +$((at + 1)) "$1" | xz -dc 2>/dev/null > "$2" || true
  [ "$(head -c 4 "$2" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
  LC_ALL=C readelf -n "$2" 2>/dev/null | grep -qE '\(0x00000012\)|PHYS32_ENTRY'
}

mkdir -p "$OUT"
STAMP="$OUT/stamp"
WANT="$VER $(stat -c %Y "$KERNEL" "$MODDIR/modules.dep" | tr '\n' ' ')$(sha256sum "$SELF" | cut -c1-16)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -f "$OUT/initramfs.cpio.gz" ] && [ -f "$OUT/vmlinuz" ]; then
  echo "build-initramfs: up to date ($VER) in $OUT"
  exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dlvm-initramfs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ROOT=$TMP/root
mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,host,rw,newroot,lib/modules}
cp "$BUSYBOX" "$ROOT/bin/busybox"

# Built-in modules print "builtin NAME"; only insmod lines carry files. Keep first occurrence of each file so the
# order stays a valid dependency order.
: > "$TMP/order"
for m in $MODULES; do
  out=$(modprobe -S "$VER" --show-depends "$m" 2>&1) || die "module $m not found for kernel $VER: $out"
  printf '%s\n' "$out" | awk '$1=="insmod"{print $2}' >> "$TMP/order"
done
awk '!seen[$0]++' "$TMP/order" > "$TMP/order.uniq"
: > "$ROOT/modules.order"
while read -r path; do
  base=$(basename "$path")
  case "$base" in
    *.ko.xz) xz -dc "$path" > "$ROOT/lib/modules/${base%.xz}"; base=${base%.xz} ;;
    *.ko.zst) zstd -qdc "$path" > "$ROOT/lib/modules/${base%.zst}"; base=${base%.zst} ;;
    *) cp "$path" "$ROOT/lib/modules/$base" ;;
  esac
  echo "/lib/modules/$base" >> "$ROOT/modules.order"
done < "$TMP/order.uniq"

cat > "$ROOT/init" <<'INIT'
#!/bin/busybox sh
# PID 1 of a lab guest until switch_root. Any failure here drops to a console message and powers off, so the
# host sees QEMU exit and shows the console tail instead of waiting for a guest that will never be ready.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
fail() { echo "DLVM-INIT-FAIL: $*"; sleep 1; echo o > /proc/sysrq-trigger; sleep 10; }
for m in $(cat /modules.order); do
  # "No such device": a CPU-specific crc variant (pclmul, sse4.2) that TCG's CPU lacks; the generic one is loaded.
  insmod "$m" 2>/tmp/insmod.err || grep -qE 'File exists|No such device' /tmp/insmod.err || echo "insmod $m: $(cat /tmp/insmod.err)"
done
IP=; HOST=lab; RUN=; ROOTCACHE=none
for a in $(cat /proc/cmdline); do
  case "$a" in
    dlvm.ip=*) IP=${a#dlvm.ip=} ;;
    dlvm.rootcache=*) ROOTCACHE=${a#dlvm.rootcache=} ;;
    dlvm.hostname=*) HOST=${a#dlvm.hostname=} ;;
    dlvm.run=*) RUN=${a#dlvm.run=} ;;
  esac
done
hostname "$HOST"
ip link set lo up
if [ -n "$IP" ]; then
  ip link set eth0 up && ip addr add "$IP" dev eth0 || fail "cannot set eth0 to $IP"
fi
# cache=none (the default) reads every block from the host again; cache=loose keeps what was read, for labs whose
# host files do not change under a running guest (dlvm.rootcache=, lab.sh's DLVM_LAB_ROOT_CACHE).
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=$ROOTCACHE hostroot /host \
  || fail "9p mount of hostroot (cache=$ROOTCACHE) failed"
mount -t tmpfs -o size=512m tmpfs /rw && mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot || fail "overlay mount failed"
mount --move /proc /newroot/proc; mount --move /sys /newroot/sys; mount --move /dev /newroot/dev
# The host's /run and /tmp hold its own pid files and sockets (iscsid, lvm): a guest must not see them.
mount -t tmpfs -o mode=755 tmpfs /newroot/run; mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mount -t configfs configfs /newroot/sys/kernel/config || fail "configfs mount failed"
mkdir -p /newroot/dev/shm /newroot/dev/pts; mount -t tmpfs tmpfs /newroot/dev/shm; mount -t devpts devpts /newroot/dev/pts
echo "$HOST" > /newroot/etc/hostname
[ -n "$RUN" ] || fail "no dlvm.run= on the kernel command line"
[ -f "/newroot$RUN" ] || fail "dlvm.run=$RUN: no such file in the host root"
exec switch_root /newroot /bin/bash "$RUN"
INIT
chmod 755 "$ROOT/init"

(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT/initramfs.cpio.gz.tmp"
mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
# The kernel QEMU boots: its uncompressed ELF image, entered through its PVH note, when it can be taken out of the
# bzImage; the bzImage's own decompressor took ~3.5 s of every boot under emulation (2026-12-07: boot to ready
# 9.8 s -> 6.2 s). Debian's kernel is xz-compressed; another compression falls back to the bzImage.
if vmlinux_of "$KERNEL" "$OUT/vmlinuz.tmp"; then kind="ELF, PVH entry"; else cp "$KERNEL" "$OUT/vmlinuz.tmp"; kind=bzImage; fi
mv "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
echo "$VER" > "$OUT/kernel.version"
echo "$WANT" > "$STAMP"
echo "build-initramfs: built kernel $VER ($kind), $(wc -l < "$ROOT/modules.order") modules, $(du -h "$OUT/initramfs.cpio.gz" | cut -f1) initramfs in $OUT"
