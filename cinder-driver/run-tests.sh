#!/usr/bin/env bash
# The Cinder driver's unit tests, against Debian's Cinder (its volume manager, base test classes and
# eventlet), installed here where missing. Debian's python packages are seen by /usr/bin/python3 only.
set -euo pipefail
cd "$(dirname "$0")"
packages="python3-cinder python3-os-brick python3-oslotest python3-stestr python3-ddt python3-requests
    python3-requests-mock"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages: $(echo $missing): install them as root (apt-get install $(echo $missing))" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
rm -rf .stestr
/usr/bin/python3 -m stestr run "$@"
