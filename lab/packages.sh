#!/usr/bin/env bash
# Installs what building DLVM and running its kernel lab need, where missing (Debian/Ubuntu, as root):
# Java and Maven; QEMU, Debian's kernel and the node tools the guests run (lab/README.md).
set -euo pipefail
packages="openjdk-17-jdk-headless maven tar curl qemu-system-x86 qemu-utils linux-image-amd64 busybox-static cpio
    lvm2 open-iscsi thin-provisioning-tools fio kmod iproute2 jq"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages: $(echo $missing): install them as root (apt-get install $(echo $missing))" >&2
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
