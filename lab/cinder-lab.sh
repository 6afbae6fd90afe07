#!/usr/bin/env bash
# Cinder's volume manager, running the DLVM driver (cinder-driver/), on the solo guest of a volume lab (issue 9,
# item 4): Debian's Cinder in the guest's userland drives the real controller over its REST API and attaches on
# the guest itself through os-brick's connector for the type the driver answers (local). The test is
# cinder-driver/dlvm_cinder/tests/test_lab.py: create, attach, fio write and verify, snapshot, fio, clone of the
# attached volume, volume from the snapshot, extend while attached, detach, the clone and the volume from the
# snapshot verified, delete, nothing left. Then the guest holds what the rows want (held) and no dlv is left.
# Run by: DLVM_LAB_DISK=8G DLVM_VOLUME_DPVS=0 DLVM_VOLUME_IHOSTS=0 DLVM_VOLUME_SOLOS=1 volume-lab.sh run solo cinder
# (Cinder's volumes are whole GiB and fully provisioned: the scenario holds about 5 GiB at once).
# Prints CINDER_LAB_OK and the time.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/volume-lib.sh"

SOLO=${SOLOS%% *}
[ -n "$SOLO" ] || die "the Cinder scenario needs a solo guest (DLVM_VOLUME_SOLOS=1)"
# the guest's /tmp (and whatever the host mounted apart) is its own: the driver goes to it on the guest's share
IO_DIR=$DLVM_LAB_WORKDIR/guests/$SOLO/io
rm -rf "$IO_DIR/cinder-driver"
cp -r "$(readlink -f "$LAB_DIR/../cinder-driver")" "$IO_DIR/cinder-driver"
rm -rf "$IO_DIR/cinder-driver/.stestr"
DRIVER=/run/labio/cinder-driver
S0=$(now)
/usr/bin/python3 -c 'import cinder, os_brick' 2>/dev/null \
  || die "Debian's python3-cinder and python3-os-brick are missing: cinder-driver/run-tests.sh installs them"
before=$(call 200 GET /dlvs | jq -r '[.[].name] | sort | join(" ")')

step "Cinder's volume manager with the DLVM driver on $SOLO"
# the guest sees the build machine's root: the same python and Cinder; the admin's password only in the
# guest's command, which the lab's private namespace keeps to itself
guest "$SOLO" "cd $DRIVER && DLVM_LAB_API=http://10.77.0.1:9521/api/v1 DLVM_LAB_PASSWORD='$(admin_password)' \
DLVM_LAB_IHOST=$SOLO DLVM_LAB_DVG=$DVG DLVM_LAB_REPLICAS=1 HOME=/tmp \
/usr/bin/python3 -m unittest -v dlvm_cinder.tests.test_lab 2>&1 | grep -v 'Warning\|warn(' | tail -60; \
exit \${PIPESTATUS[0]}" 3600 | tee "$VOLUME_WORK/cinder-lab.out" || die "Cinder's test on $SOLO failed (above)"
grep -q "CINDER_LAB_OK" "$VOLUME_WORK/cinder-lab.out" || die "Cinder's test did not run to its end (above)"
grep -q "^OK" "$VOLUME_WORK/cinder-lab.out" || die "Cinder's test was skipped or failed (above)"

check_held "cinder"
after=$(call 200 GET /dlvs | jq -r '[.[].name] | sort | join(" ")')
[ "$after" = "$before" ] || die "dlvs before Cinder's test: '$before', after: '$after'"
echo "CINDER_LAB_OK $(since "$S0") s"
