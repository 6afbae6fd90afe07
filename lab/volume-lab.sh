#!/usr/bin/env bash
# The volume lab: the real distribution on real kernels. DLVM_VOLUME_DPVS (3) dpv guests run the distribution
# with roles=dpv, DLVM_VOLUME_IHOSTS (1) ihost guests with roles=ihost, DLVM_VOLUME_SOLOS (0) guests with both
# roles (one machine alone), all with the linux driver; a controller
# runs on the build machine inside the lab's network namespace (the guests reach its broker at 10.77.0.1). The
# dpvs (address = the guest's lab IP, the iSCSI portal the ihost logs in to), a dvg with all of them and the ihosts
# are registered through REST; every node must turn `available`, and every dpv must report its guest VG's size.
#
#   volume-lab.sh up               boot and register, leave it running (for volume-scenario.sh, bench.sh, hands)
#   volume-lab.sh down [--purge]   controller stopped, guests off, namespace gone (--purge: prepared nodes too)
#   volume-lab.sh run [PART...]    up, then each PART (scenario: volume-scenario.sh, solo: volume-solo.sh, cinder:
#                                  cinder-lab.sh (a solo guest), bench:
#                                  bench.sh) on the same nodes, then down, also on failure or SIGTERM. Prints
#                                  VOLUME_LAB_OK at the end. One machine alone: DLVM_VOLUME_DPVS=0
#                                  DLVM_VOLUME_IHOSTS=0 DLVM_VOLUME_SOLOS=1 volume-lab.sh run solo
#   volume-lab.sh boot GUEST       a guest killed by `lab.sh kill GUEST` powered on again, its node available again
#   volume-lab.sh ctl-kill         the controller killed (SIGKILL to its session: a crash, the broker with it)
#   volume-lab.sh ctl-start        the controller started again on its data, until its REST API answers
#   volume-lab.sh shell NODE CMD   a Karaf shell command on the controller (ctl) or a guest's node (bin/client)
#   volume-lab.sh held             what the guests hold (LVs, dm tables, targets, ACLs, sessions) against the rows
#   volume-lab.sh status
#
# Where a guest's Karaf start time goes, and what makes it shorter, is in README.md ("The volume lab"). In short:
# the guests' nodes are prepared once on the build machine (features resolved and installed, bundles cached in
# data/), so a guest only resumes its bundles; they boot without the Karaf features no agent uses
# (lean_boot_features); and the guests' JVMs use C1 only, compile a third as often, skip bytecode verification and
# use the serial GC (README.md: C1's compiles cost more than they save at start under emulation). An AppCDS archive
# of the node, dumped natively through bin/karaf-guest, gave no clear gain: left out.
#
# Settings (environment), besides volume-lib.sh's: DLVM_LAB_STAGE (/var/lib/dlvm-lab: the prepared nodes, which
# the guests read through the host root), DLVM_VOLUME_AGENT_TIMEOUT (s, 900), DLVM_VOLUME_GUEST_JAVA_OPTS,
# DLVM_VOLUME_PREPARE (1; 0: guests start from the bare distribution, as the measurements' baseline),
# DLVM_VOLUME_GUEST_MEM (JVM heap in a guest, 320m), DLVM_VOLUME_CTL_JAVA_OPTS (the controller's JVM options),
# DLVM_VOLUME_START_SLOTS (guests whose Karaf starts at once, this machine's cores: start_guest_nodes),
# and lab.sh's DLVM_LAB_* settings (DLVM_LAB_ROOT_CACHE is loose here, below).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/volume-lib.sh"

ROOT=$(cd "$LAB_DIR/.." && pwd)
STAGE=${DLVM_LAB_STAGE:-/var/lib/dlvm-lab}
AGENT_TIMEOUT=${DLVM_VOLUME_AGENT_TIMEOUT:-900}
PREPARE=${DLVM_VOLUME_PREPARE:-1}
GUEST_MEM=${DLVM_VOLUME_GUEST_MEM:-320m}
GUEST_JAVA_OPTS=${DLVM_VOLUME_GUEST_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:-BytecodeVerificationRemote -XX:+UseSerialGC -Dorg.apache.sshd.security.provider.BC.enabled=false}
# The lab's controller compiles with C1 only: C2's compiles were over half of its start's CPU (2026-12-07, natively,
# fresh tree to REST: 29.9 CPU-s in 35.4 s with both compilers, 13.3 CPU-s in 14.6 s with C1), taken from the
# guests while they start; its work in the scenario is light. A production controller keeps both compilers.
CTL_JAVA_OPTS=${DLVM_VOLUME_CTL_JAVA_OPTS--XX:TieredStopAtLevel=1}
START_SLOTS=${DLVM_VOLUME_START_SLOTS:-$(nproc)}
export DLVM_LAB_LIFETIME=${DLVM_LAB_LIFETIME:-3600}
# The guests keep what they read of the host root (9p cache=loose): the JVM maps and rereads its modules and the
# bundles' jars, which cache=none fetches from the host again on every fault. Safe here: nothing a guest reads
# from the host root changes while it runs (the prepared trees are finished before the guests' Karaf starts, and
# guest commands come through the labio share, which stays uncached). 2026-12-02: `up` 990 s -> 624 s.
export DLVM_LAB_ROOT_CACHE=${DLVM_LAB_ROOT_CACHE:-loose}
STATE=$VOLUME_WORK/volume.state

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
TARBALL=$ROOT/assembly/target/dlvm-$version.tar.gz

# what a node's Karaf log says once its role's agents are starting (AgentRuntime)
AGENT_STARTS='agent of node .* starts'

node_dir() { echo "$STAGE/$NS-$1"; }
role_of() { case "$1" in dpv*) echo dpv ;; ihost*) echo ihost ;; solo*) echo solo ;; esac; }
# the node roles of a guest of that kind: a solo guest is one machine with both agents, as `./dlvm run` makes one
roles_of() { case "$1" in solo) echo "dpv, ihost" ;; *) echo "$1" ;; esac; }
# the guest kinds this lab has, each prepared once
lab_roles() { [ "$N_DPV" -gt 0 ] && echo dpv; [ "$N_IHOST" -gt 0 ] && echo ihost; [ "$N_SOLO" -gt 0 ] && echo solo; true; }

# The lab has no route out, and a node must not need one: every bundle comes from the distribution's system/,
# never from Maven Central or the build machine's ~/.m2 (a bundle missing from the tarball fails the lab).
offline_maven() { # DIR
  printf '%s\n' 'org.ops4j.pax.url.mvn.repositories=' 'org.ops4j.pax.url.mvn.localRepository=${karaf.data}/offline-m2' \
    >> "$1/etc/org.ops4j.pax.url.mvn.cfg"
}

write_node_cfg() { # DIR ROLE: no name, so that every guest is named after its host name
  offline_maven "$1"
  cat > "$1/etc/org.dlvm.node.cfg" <<CFG
roles = $2
driver = linux
dpv.vg = dlvm_vg
broker.url = tcp://10.77.0.1:61616
heartbeat.seconds = 5
CFG
}

# --- Karaf processes on the build machine ----------------------------------------------------------------------
# start_native NETNS HOME PIDFILE LOG [JAVA OPTS]: bin/karaf in its own session, so that its JVM stops with it
start_native() {
  local netns=$1 home=$2 pidfile=$3 log=$4 opts=${5:-}
  ip netns exec "$netns" setsid env JAVA_MAX_MEM=768m CHECK_ROOT_INSTANCE_RUNNING=false EXTRA_JAVA_OPTS="$opts" \
    "$home/bin/karaf" server > "$log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}
# stop_native HOME PIDFILE: SIGTERM to the session (the JVM shuts Karaf down cleanly), KILL after 60 s. Only a
# process whose command line names HOME is ours: pids are reused.
stop_native() {
  local home=$1 pidfile=$2 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$home/bin/karaf"; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do pgrep -s "$pid" >/dev/null || break; sleep 0.5; done
    pgrep -s "$pid" >/dev/null && { echo "karaf in $home did not stop within 60 s: killing it" >&2; kill -KILL -- "-$pid" 2>/dev/null || true; sleep 1; }
  fi
  rm -f "$pidfile"
}
# wait_log FILE PATTERN TIMEOUT
wait_log() {
  local deadline=$(( $(date +%s) + $3 ))
  until grep -qaE "$2" "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# --- prepared nodes ---------------------------------------------------------------------------------------------
# A node started once on the build machine (fast) keeps its resolved features and installed bundles in data/;
# a guest starting from that tree only resumes them. Prepared in place (the wrap: bundles' locations name the
# tree's path) in a namespace of its own (its ports and its broker connection attempts stay there). The broker
# address is unreachable there, the linux driver only answers requests: the build machine is not touched.
prepare_node() {
  local role=$1 dir key pns log
  dir=$(node_dir "$role")
  key="$(sha256sum "$TARBALL" "$LAB_DIR/volume-lab.sh" | sha256sum | cut -c1-16) prepare=$PREPARE opts=$GUEST_JAVA_OPTS"
  if [ -f "$dir/.dlvm-prepared" ] && [ "$(cat "$dir/.dlvm-prepared")" = "$key" ]; then
    echo "$role node: reusing $dir"
    return 0
  fi
  local t; t=$(now)
  rm -rf "$dir" && mkdir -p "$dir"
  tar xzf "$TARBALL" -C "$dir" --strip-components=1
  write_node_cfg "$dir" "$(roles_of "$role")"
  lean_boot_features "$dir"
  guest_launcher "$dir"
  if [ "$PREPARE" = 1 ]; then
    pns=$NS-prep-$role; log=$VOLUME_WORK/prepare-$role.log
    ip netns del "$pns" 2>/dev/null || true
    ip netns add "$pns" && ip -n "$pns" link set lo up
    start_native "$pns" "$dir" "$VOLUME_WORK/prepare-$role.pid" "$log" "$GUEST_JAVA_OPTS"
    wait_log "$dir/data/log/karaf.log" "role features installed" 300 && wait_log "$dir/data/log/karaf.log" "$AGENT_STARTS" 60 \
      || { stop_native "$dir" "$VOLUME_WORK/prepare-$role.pid"; ip netns del "$pns"; tail -30 "$dir/data/log/karaf.log" >&2
           die "preparing the $role node failed"; }
    stop_native "$dir" "$VOLUME_WORK/prepare-$role.pid"
    ip netns del "$pns"
    rm -rf "$dir/data/log" "$dir/data/tmp" "$dir/data/port" "$dir/instances" "$dir/karaf.pid" "$dir/lock"
    # every guest of this role starts from this tree: each makes its own administrator's password at its first start
    rm -rf "$dir/etc/dlvm-secrets"
    sed -i '/^karaf *=/d' "$dir/etc/users.properties"
  fi
  echo "$key" > "$dir/.dlvm-prepared"
  echo "$role node: prepared in $dir in $(since "$t") s"
}

# The guests' nodes boot without the Karaf features no agent uses and the lab never calls on a guest: child
# instances, package and diagnostic commands, KAR and hot deployment of features, JMX over RMI, EventAdmin (which
# alone made Karaf load and parse every features repository at each start). Their ssh shell stays (the scenario's
# role feature restart goes through it), without registering Bouncy Castle (GUEST_JAVA_OPTS): the JDK's providers
# serve its keys. 2026-12-07, one guest alone, Karaf start to `role features up to date`: 47.7 -> 33-36 CPU-s.
# A production node keeps the distribution's boot features.
LEAN_DROPPED_BOOT_FEATURES="instance package management deployer diagnostic kar eventadmin"
lean_boot_features() { # DIR
  local f cfg=$1/etc/org.apache.karaf.features.cfg
  for f in $LEAN_DROPPED_BOOT_FEATURES; do
    grep -qE "^ *$f/[0-9.]+," "$cfg" || die "$cfg has no boot feature $f (Karaf's boot features changed?)"
    sed -i -E "/^ *$f\/[0-9.]+,/d" "$cfg"
  done
}

# bin/karaf-guest: bin/karaf without the --patch-module of java.base and java.xml (Karaf's OSGi lookup of JAXB and
# XML factories, which the agents' bundles do not use). A patched java.base turns the JVM's class-data sharing off
# (its archived JDK classes and module graph); under emulation that made a guest's Karaf start 97-123 s instead of
# 79-89 s (measured 2026-12-03, one guest, start to the agent's first line). An AppCDS archive of the
# node on top of that gained 6 s more, once read over the host share: not worth its 36 MB.
# It also does not ask the JDK its vendor and version (bin/karaf runs `java -version` twice, each a JVM start):
# the guests run this machine's JDK, asked once here. With JAVA_HOME given (start_guest_node), the script's part
# of a guest's start went from 7 s to 1 s (2026-12-07, one guest alone: Karaf start to the agent's connection
# 53 s -> 41 s).
guest_launcher() { # DIR
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$version" ] || die "cannot read this machine's Java version"
  sed -e '/--patch-module/d' -e '/--add-exports=java.base\/org.apache.karaf.specs.locator/d' \
    -e '/--add-reads=java.xml=java.logging/d' -e 's/^    detectJVM$/    JVM_VENDOR=SUN/' \
    -e "s/^    checkJvmVersion\$/    VERSION=$version/" "$1/bin/karaf" > "$1/bin/karaf-guest"
  chmod +x "$1/bin/karaf-guest"
  ! grep -q -- '--patch-module' "$1/bin/karaf-guest" && grep -q 'org.apache.karaf.main.Main' "$1/bin/karaf-guest" \
    && grep -q "^    VERSION=$version\$" "$1/bin/karaf-guest" && ! grep -q '^    detectJVM$' "$1/bin/karaf-guest" \
    || die "bin/karaf of $1 is not the launcher guest_launcher knows (Karaf's version changed?)"
}

# The guest writes only to its tmpfs overlay; its Karaf log goes to the guest's share, where the host reads it.
start_guest_node() {
  local g=$1 role dir
  role=$(role_of "$g"); dir=$(node_dir "$role")
  guest "$g" "mkdir -p /run/labio/karaf-log && cd $dir && setsid env JAVA_HOME=$(java_home) JAVA_MAX_MEM=$GUEST_MEM KARAF_LOG=/run/labio/karaf-log \
    CHECK_ROOT_INSTANCE_RUNNING=false EXTRA_JAVA_OPTS='$GUEST_JAVA_OPTS' bin/karaf-guest server \
    > /run/labio/karaf-console.log 2>&1 < /dev/null & echo \"$g: Karaf started\"" 60
}
guest_log() { echo "$DLVM_LAB_WORKDIR/guests/$1/io/karaf-log/karaf.log"; }

# start_guest_nodes GUEST...: each guest's Karaf, at most as many starting at once as this machine has cores; the
# next one starts when one of them has started its agents (the heavy part of a start is behind it then), or after
# 120 s (a guest whose node does not come up is wait_available's to report). A start under emulation is CPU-bound,
# and the starts cost more CPU the more share the cores: a guest's Karaf restart took 25-30 CPU-s alone, 33-38
# with a second one on the other core, ~48 with four on two cores (2026-12-07). From the first Karaf start to the
# last node available: 98.9-107.3 s in three `up`s like this, 112.1-115.7 s in three with all four at once.
start_guest_nodes() {
  local slots=$START_SLOTS g s since starting=() still
  for g in "$@"; do
    since=$(date +%s)
    while [ "${#starting[@]}" -ge "$slots" ] && [ $(( $(date +%s) - since )) -lt 120 ]; do
      sleep 1
      still=()
      for s in "${starting[@]}"; do grep -qaE "$AGENT_STARTS" "$(guest_log "$s")" 2>/dev/null || still+=("$s"); done
      starting=("${still[@]}")
    done
    start_guest_node "$g"
    starting+=("$g")
  done
}

# The node's broker password (from its enrolment at `up`, kept on the build machine) where its agents look: the
# guest's own writes live in its tmpfs and go with a reboot, unlike a real node's disk.
give_broker_password() {
  local g=$1 dir pw
  dir=$(node_dir "$(role_of "$g")"); pw=$(cat "$VOLUME_WORK/secrets/$g.broker")
  guest "$g" "umask 077 && mkdir -p $dir/etc/dlvm-secrets && printf '%s\\n' '$pw' > $dir/etc/dlvm-secrets/broker.password" 60 \
    > /dev/null
}

# node_available GUEST: the controller shows the guest's node available in each of its roles
node_available() {
  local kind kinds
  case "$(role_of "$1")" in dpv) kinds=dpvs ;; ihost) kinds=ihosts ;; *) kinds="dpvs ihosts" ;; esac
  for kind in $kinds; do
    [ "$(field "$(call 200 GET "/$kind/$1")" .status)" = available ] || return 1
  done
}

# wait_available T_START GUEST...: until the controller shows each node available (AGENT_TIMEOUT), printing each
# one's time since T_START
wait_available() {
  local t0=$1 g still deadline; shift
  local pending="$*"
  deadline=$(( $(date +%s) + AGENT_TIMEOUT ))
  while [ -n "${pending// /}" ]; do
    still=""
    for g in $pending; do
      if node_available "$g"; then
        echo "AGENT_AVAILABLE $g $(since "$t0")"
      else still+="$g "; fi
    done
    pending=$still
    [ -z "${pending// /}" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for g in $pending; do
        echo "---- $g is not available after $AGENT_TIMEOUT s; its Karaf log tail ($(guest_log "$g")):" >&2
        tail -30 "$(guest_log "$g")" >&2 2>/dev/null || true
      done
      die "nodes not available: $pending"
    fi
    sleep 2
  done
}

# A guest powered on again after `lab.sh kill` (a power failure): booted, its node started as at `up`, and
# available again (a dpv only once its exports are restored).
do_boot() {
  local g=$1 t
  [ -f "$STATE" ] || die "no volume lab is up"
  # killed a moment ago, its node still shows `available` until its heartbeats lapse: wait for the controller to
  # see it gone, so that the `available` awaited below is the booted node's
  local deadline=$(( $(date +%s) + 120 ))
  while node_available "$g"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$g still shows available 120 s after it was killed: is its QEMU off?"
    sleep 2
  done
  t=$(now)
  "$LAB_DIR/lab.sh" boot "$g"
  give_broker_password "$g"
  start_guest_node "$g"
  wait_available "$t" "$g"
  echo "TIME boot_to_available $g $(since "$t")"
}

# The controller as `up` starts it, and until its REST API answers
start_controller() {
  start_native "$NS" "$CTL" "$VOLUME_WORK/ctl.pid" "$CTL/console.log" "$CTL_JAVA_OPTS"
}
wait_controller() {
  await_api /health || { tail -50 "$CTL/data/log/karaf.log" >&2; die "the controller did not come up"; }
}
# A crash: every process of the controller's session at once (only ours: its command line names the tree)
do_ctl_kill() {
  local pid; pid=$(cat "$VOLUME_WORK/ctl.pid" 2>/dev/null) || die "no controller pid in $VOLUME_WORK/ctl.pid"
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$CTL/bin/karaf" || die "process $pid is not the lab's controller"
  kill -KILL -- "-$pid"
  for _ in $(seq 1 50); do pgrep -s "$pid" >/dev/null || break; sleep 0.2; done
  rm -f "$VOLUME_WORK/ctl.pid"
}
do_ctl_start() {
  local t; t=$(now)
  start_controller
  wait_controller
  echo "TIME controller_start_to_rest $(since "$t")"
}
# Karaf's own client over ssh (port 8101 of the node); the password is the node's administrator's, made at its
# first start (a lab guest's lives in its tmpfs). On a command line, as Karaf's client takes it: the lab's
# processes are the lab's own.
do_shell() { # NODE COMMAND
  # The command goes in on stdin in batch mode (-b): given as an argument with stdin at EOF (as under lab.sh run
  # or a test), bin/client closes the channel before the answer arrives and prints only "Closed".
  local node=$1 cmd=$2 dir opts="-r 10 -d 3 -b"
  if [ "$node" = ctl ]; then
    printf '%s\n' "$cmd" | ip netns exec "$NS" env JAVA_HOME="${JAVA_HOME:-$(java_home)}" \
      JAVA_OPTS="-Xmx96m -XX:TieredStopAtLevel=1" "$CTL/bin/client" -a 8101 -u karaf -p "$(admin_password)" $opts
  else
    dir=$(node_dir "$(role_of "$node")")
    guest "$node" "cd $dir && printf '%s\\n' '$cmd' | JAVA_HOME=$(java_home) \
      JAVA_OPTS='-Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC' bin/client -u karaf \
      -p \"\$(cat etc/dlvm-secrets/karaf.password)\" $opts" 300
  fi
}
# the JDK the guests share with this machine (its root is theirs): bin/client warns without JAVA_HOME
java_home() { dirname "$(dirname "$(readlink -f "$(command -v java)")")"; }

# --- up / down --------------------------------------------------------------------------------------------------
do_up() {
  [ -f "$TARBALL" ] || die "no $TARBALL: build the distribution first (mvn -B install -DskipTests)"
  for c in curl jq; do command -v $c >/dev/null || die "$c is missing: apt-get install -y $c"; done
  [ ! -f "$STATE" ] || die "$STATE exists: a volume lab may be up (volume-lab.sh down)"
  mkdir -p "$VOLUME_WORK" "$STAGE"
  rm -rf "$CTL" "$DLVM_LAB_WORKDIR"
  echo "NS=$NS" > "$STATE"
  step "volume lab: $N_DPV dpv + $N_IHOST ihost + $N_SOLO solo guests, namespace $NS, work dir $VOLUME_WORK"

  # The nodes are prepared while the guests boot.
  local t_up; t_up=$(now)
  local preps=() role
  for role in $(lab_roles); do
    prepare_node "$role" > "$VOLUME_WORK/prepare-$role.out" 2>&1 & preps+=($!)
  done
  "$LAB_DIR/lab.sh" up "$N_DPV" "$N_IHOST" "$DLVM_LAB_WORKDIR" "$N_SOLO"
  echo "TIME lab_up $(since "$t_up")"

  mkdir -p "$CTL" && tar xzf "$TARBALL" -C "$CTL" --strip-components=1
  offline_maven "$CTL"
  cat > "$CTL/etc/org.dlvm.node.cfg" <<CFG
name = ctl
roles = controller
driver = linux
broker.url = tcp://localhost:61616
CFG
  # clones of detached dlvs copy on the first ihost
  sed -i "s/^clone\.ihost =.*/clone.ihost = ${IHOST_NODES%% *}/" "$CTL/etc/org.dlvm.controller.cfg"
  start_controller

  local p ok=1
  for p in "${preps[@]}"; do wait "$p" || ok=0; done
  cat "$VOLUME_WORK"/prepare-*.out
  [ $ok = 1 ] || die "preparing the nodes failed"
  echo "TIME nodes_prepared $(since "$t_up")"

  local g t_nodes; t_nodes=$(now)
  start_guest_nodes $GUEST_NODES

  wait_controller
  echo "TIME controller_up $(since "$t_up")"

  # Each guest's agents log in to the broker as that node: enrol it, and write the password where its agents look
  # (what an operator does with dlvm:node-enrol); they are already retrying and connect within seconds.
  mkdir -p -m 700 "$VOLUME_WORK/secrets"
  for g in $GUEST_NODES; do
    (umask 077 && field "$(call 200 POST "/nodes/$g/broker-credentials" '{}')" .broker_password \
      > "$VOLUME_WORK/secrets/$g.broker")
    give_broker_password "$g"
  done

  for g in $DPV_NODES; do call 201 POST /dpvs "{\"name\":\"$g\",\"address\":\"$(dpv_ip "$g")\"}" > /dev/null; done
  for g in $IHOST_NODES; do call 201 POST /ihosts "{\"name\":\"$g\"}" > /dev/null; done
  call 201 POST /dvgs "{\"name\":\"$DVG\"}" > /dev/null
  for g in $DPV_NODES; do call 200 POST "/dvgs/$DVG/extend" "{\"dpv\":\"$g\"}" > /dev/null; done

  # Every node's time from the first guest's Karaf start to `available`, as the controller sees it
  wait_available "$t_nodes" $GUEST_NODES
  echo "TIME nodes_available $(since "$t_up") since up, $(since "$t_nodes") since the first Karaf start"

  # Each dpv reports exactly its guest's volume group, and the dvg adds them up.
  local sum=0 size total
  for g in $DPV_NODES; do
    size=$(guest "$g" "lvm vgs --noheadings --units b --nosuffix -o vg_size dlvm_vg" | tr -d ' ')
    total=$(field "$(call 200 GET "/dpvs/$g")" .total_size)
    echo "$g: guest VG dlvm_vg $size bytes, REST total_size $total"
    [ "$size" = "$total" ] || die "$g: the REST capacity is not the guest's VG size"
    sum=$((sum + size))
  done
  total=$(field "$(call 200 GET "/dvgs/$DVG")" .total_size)
  [ "$total" = "$sum" ] || die "dvg $DVG total_size $total is not the sum of its dpvs ($sum)"
  echo "VOLUME_LAB_UP $(since "$t_up") s: dpvs $DPV_NODES in $DVG ($sum bytes), ihosts $IHOST_NODES"
}

do_down() {
  local purge=${1:-0} role
  stop_native "$CTL" "$VOLUME_WORK/ctl.pid"
  for role in dpv ihost solo; do
    stop_native "$(node_dir "$role")" "$VOLUME_WORK/prepare-$role.pid"
    ip netns del "$NS-prep-$role" 2>/dev/null || true
  done
  if [ -f "$DLVM_LAB_WORKDIR/lab.state" ]; then "$LAB_DIR/lab.sh" down --purge "$DLVM_LAB_WORKDIR"; fi
  rm -rf "$VOLUME_WORK/secrets"
  [ "$purge" = 1 ] && rm -rf "$(node_dir dpv)" "$(node_dir ihost)" "$(node_dir solo)"
  rm -f "$STATE"
}

# On failure: what each node's log says, before the guests go away with their logs' context
report_failure() {
  local g
  echo "---- controller log: errors (tail) ----" >&2
  grep -aE '\| (ERROR|WARN) ' "$CTL/data/log/karaf.log" 2>/dev/null | tail -20 >&2 || true
  for g in $GUEST_NODES; do
    echo "---- $g: Karaf log errors (tail of $(guest_log "$g")) ----" >&2
    grep -aE '\| (ERROR|WARN) ' "$(guest_log "$g")" 2>/dev/null | tail -15 >&2 || true
  done
}

do_run() {
  local part script rc
  trap 'rc=$?; trap "" TERM INT; [ $rc -ne 0 ] && report_failure; do_down; exit $rc' EXIT
  trap 'exit 130' TERM INT
  do_up
  for part in "$@"; do
    case "$part" in
      scenario) script=$LAB_DIR/volume-scenario.sh ;;
      solo) script=$LAB_DIR/volume-solo.sh ;;
      cinder) script=$LAB_DIR/cinder-lab.sh ;;
      bench) script=$LAB_DIR/bench.sh ;;
      *) die "unknown part '$part' (scenario, solo, cinder, bench)" ;;
    esac
    step "part $part: $script"
    T0=$T0 bash "$script" || die "part $part failed"
  done
  echo "VOLUME_LAB_OK total=$(since "$T0")s"
}

cmd=${1:-}; shift || true
case "$cmd" in
  up) trap 'rc=$?; if [ $rc -ne 0 ]; then trap "" TERM INT; report_failure; do_down; fi' EXIT
      trap 'exit 130' TERM INT
      do_up; trap - EXIT ;;
  down) do_down "$([ "${1:-}" = --purge ] && echo 1 || echo 0)" ;;
  run) do_run "$@" ;;
  boot) [ $# -eq 1 ] || die "usage: volume-lab.sh boot GUEST"; do_boot "$1" ;;
  ctl-kill) do_ctl_kill ;;
  ctl-start) do_ctl_start ;;
  shell) [ $# -eq 2 ] || die "usage: volume-lab.sh shell ctl|GUEST COMMAND"; do_shell "$1" "$2" ;;
  held) held ;;
  status) cat "$STATE" 2>/dev/null || echo "no volume lab in $VOLUME_WORK"; "$LAB_DIR/lab.sh" status "$DLVM_LAB_WORKDIR" || true ;;
  *) echo "usage: volume-lab.sh up | down [--purge] | run [scenario] [bench] | boot GUEST | ctl-kill | ctl-start |" \
       "shell ctl|GUEST COMMAND | held | status" >&2; exit 2 ;;
esac
