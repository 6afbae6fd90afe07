#!/usr/bin/env bash
# The appliance in the lab: a controller runs on the build machine inside the lab's network namespace,
# the real distribution runs in a dpv guest with the dpv role and the linux driver, and the dpv registers
# through REST with the capacity of the guest's real LVM volume group. Prints APPLIANCE_OK at the end.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${DLVM_APPLIANCE_WORKDIR:-$HERE/work/appliance}
NS=${DLVM_LAB_NS:-dlvmlab}
AGENT_TIMEOUT=${DLVM_APPLIANCE_AGENT_TIMEOUT:-900}
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
tarball=$ROOT/assembly/target/dlvm-$version.tar.gz
[ -f "$tarball" ] || { echo "no $tarball: build the distribution first (mvn -B install -DskipTests)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
export DLVM_LAB_LIFETIME=${DLVM_LAB_LIFETIME:-1800}
# The guest reads its node through the host root, where /tmp and /run are its own tmpfs: stage it elsewhere.
GUEST_NODE=${DLVM_LAB_STAGE:-/var/lib/dlvm-lab}/appliance-dpv1

ctl_pid=
cleanup() {
    trap '' TERM INT
    if [ -n "$ctl_pid" ]; then
        # bin/karaf is a script; its JVM child does Karaf's clean shutdown on SIGTERM
        pkill -TERM -P "$ctl_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$ctl_pid" 2>/dev/null || break; sleep 1; done
        pkill -KILL -P "$ctl_pid" 2>/dev/null || true
    fi
    "$HERE/lab.sh" down "$WORK/lab" || true
    rm -rf "$GUEST_NODE"
}
trap cleanup EXIT
trap 'exit 130' TERM INT

start=$(date +%s)
elapsed() { echo $(( $(date +%s) - start )); }
rm -rf "$WORK" && mkdir -p "$WORK"
rm -rf "$GUEST_NODE"
for node in "$WORK/ctl" "$GUEST_NODE"; do
    mkdir -p "$node" && tar xzf "$tarball" -C "$node" --strip-components=1
done
cat > "$WORK/ctl/etc/org.dlvm.node.cfg" <<CFG
name = ctl
roles = controller
driver = linux
broker.url = tcp://localhost:61616
CFG
cat > "$GUEST_NODE/etc/org.dlvm.node.cfg" <<CFG
name = dpv1
roles = dpv
driver = linux
dpv.vg = dlvm_vg
broker.url = tcp://10.77.0.1:61616
heartbeat.seconds = 5
CFG

"$HERE/lab.sh" up 1 0 "$WORK/lab"
echo "lab up after $(elapsed) s"

# The controller listens inside the namespace, where the guests reach it at the bridge address.
ip netns exec "$NS" env JAVA_MAX_MEM=768m "$WORK/ctl/bin/karaf" server > "$WORK/ctl/console.log" 2>&1 &
ctl_pid=$!
api() { ip netns exec "$NS" curl -s --max-time 30 -u karaf:karaf -H 'Content-Type: application/json' "$@"; }
for _ in $(seq 1 150); do
    [ "$(api -o /dev/null -w '%{http_code}' http://127.0.0.1:9521/api/v1/health)" = 200 ] && break
    sleep 2
done
[ "$(api -o /dev/null -w '%{http_code}' http://127.0.0.1:9521/api/v1/health)" = 200 ] \
    || { echo "the controller did not come up; its log:" >&2; tail -50 "$WORK/ctl/data/log/karaf.log" >&2; exit 1; }
echo "controller up after $(elapsed) s"

# The guest writes only to its tmpfs overlay, so the node's data stays in the guest; its console goes to
# the guest's writable share, which the host can read.
"$HERE/lab.sh" run -t 60 dpv1 ". /etc/dlvm-lab/env; cd $GUEST_NODE && \
    setsid env JAVA_MAX_MEM=384m bin/karaf server > /run/labio/karaf-console.log 2>&1 < /dev/null & echo started"
agent_started=$(elapsed)
api -d '{"name":"dpv1","address":"10.77.0.11"}' http://127.0.0.1:9521/api/v1/dpvs; echo
dpv=
for _ in $(seq 1 $(( AGENT_TIMEOUT / 5 ))); do
    dpv=$(api http://127.0.0.1:9521/api/v1/dpvs/dpv1)
    case "$dpv" in *'"status":"available"'*) break ;; esac
    sleep 5
done
echo "$dpv"
case "$dpv" in
    *'"status":"available"'*) ;;
    *) echo "dpv1 did not turn available within ${AGENT_TIMEOUT} s; the guest's Karaf log tail:" >&2
       "$HERE/lab.sh" run -t 60 dpv1 "tail -40 $GUEST_NODE/data/log/karaf.log" >&2 || true
       exit 1 ;;
esac
echo "dpv agent in the guest available $(( $(elapsed) - agent_started )) s after its Karaf started"

vg_size=$("$HERE/lab.sh" run -t 120 dpv1 ". /etc/dlvm-lab/env; lvm vgs --noheadings --units b --nosuffix -o vg_size dlvm_vg" | tr -d ' ')
total=$(echo "$dpv" | sed -n 's/.*"total_size":\([0-9]*\).*/\1/p')
echo "guest VG dlvm_vg: $vg_size bytes; REST total_size: $total"
[ -n "$total" ] && [ "$total" = "$vg_size" ] || { echo "the REST capacity is not the guest's VG size" >&2; exit 1; }
echo "APPLIANCE_OK total=$(elapsed)s"
