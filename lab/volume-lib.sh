# Sourced by volume-lab.sh, volume-scenario.sh and bench.sh: where the volume lab lives and how to talk to its
# controller and guests. Not a program of its own.
#
# Settings (environment): DLVM_VOLUME_WORKDIR (lab/work/volume), DLVM_LAB_NS (dlvmlab), DLVM_VOLUME_DPVS (3),
# DLVM_VOLUME_IHOSTS (1), DLVM_VOLUME_SOLOS (0: guests that are dpv and ihost at once), DLVM_VOLUME_DVG (dvg1).

LAB_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
VOLUME_WORK=${DLVM_VOLUME_WORKDIR:-$LAB_DIR/work/volume}
NS=${DLVM_LAB_NS:-dlvmlab}
N_DPV=${DLVM_VOLUME_DPVS:-3}
N_IHOST=${DLVM_VOLUME_IHOSTS:-1}
N_SOLO=${DLVM_VOLUME_SOLOS:-0}
DVG=${DLVM_VOLUME_DVG:-dvg1}
# lab.sh run/down find the guests through these
export DLVM_LAB_WORKDIR=$VOLUME_WORK/lab DLVM_LAB_NS=$NS
API=http://127.0.0.1:9521/api/v1
# the controller's tree; its first start makes the administrator's password in etc/dlvm-secrets/karaf.password
CTL=$VOLUME_WORK/ctl
admin_password() { cat "$CTL/etc/dlvm-secrets/karaf.password" 2>/dev/null || true; }

DPVS=$(for i in $(seq 1 "$N_DPV"); do printf 'dpv%s ' "$i"; done)
IHOSTS=$(for i in $(seq 1 "$N_IHOST"); do printf 'ihost%s ' "$i"; done)
SOLOS=$(for i in $(seq 1 "$N_SOLO"); do printf 'solo%s ' "$i"; done)
# every guest once; the nodes with a dpv (an ihost) agent, solos included
GUEST_NODES="$DPVS$IHOSTS$SOLOS"
DPV_NODES="$DPVS$SOLOS"
IHOST_NODES="$IHOSTS$SOLOS"
dpv_ip() { case "$1" in solo*) echo "10.77.0.$((200 + ${1#solo}))" ;; *) echo "10.77.0.$((10 + ${1#dpv}))" ;; esac; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
T0=${T0:-$(now)}
step() { echo "=== [$(since "$T0") s] $*"; }
die() { echo "FAILED: $*" >&2; exit 1; }

# guest GUEST CMD [TIMEOUT]: the command's output; its exit code
guest() { "$LAB_DIR/lab.sh" run -t "${3:-300}" "$1" "$2"; }

# api METHOD PATH [JSON]: prints "<http code> <body on one line>"; the controller listens inside the namespace.
api() {
  local method=$1 path=$2 body=${3:-} out code
  out=$(mktemp)
  local args=(-s --max-time 60 -K - -H 'Content-Type: application/json' -X "$method" -o "$out" -w '%{http_code}')
  [ -n "$body" ] && args+=(-d "$body")
  # the credentials through curl's config on stdin: not on a command line that ps shows
  code=$(printf 'user = "karaf:%s"\n' "$(admin_password)" | ip netns exec "$NS" curl "${args[@]}" "$API$path") || code=000
  echo "$code $(tr -d '\n' < "$out")"
  rm -f "$out"
}
# call EXPECTED METHOD PATH [JSON]: the body when the answer has the expected code, else a failure naming both
call() {
  local want=$1 r; shift
  r=$(api "$@")
  if [ "${r%% *}" != "$want" ]; then
    echo "FAILED: $1 $2 ${3:-} answered ${r%% *}, expected $want: ${r#* }" >&2
    return 1
  fi
  echo "${r#* }"
}
# field JSON JQ-FILTER
field() { jq -r "$2" <<< "$1"; }

# await_api PATH...: until the REST API answers 200 for each path (the controller or its bundles starting); 1 after 300 s
await_api() {
  local p deadline=$(( $(date +%s) + 300 ))
  for p in "$@"; do
    until [ "$(api GET "$p" | cut -d' ' -f1)" = 200 ]; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "FAILED: the REST API does not answer GET $p after 300 s" >&2; return 1; }
      sleep 2
    done
  done
}

# wait_op OPERATION-ID TIMEOUT: returns 0 when the operation succeeded; prints its error when it failed or timed out
wait_op() {
  local id=$1 tmo=$2 deadline body status
  deadline=$(( $(date +%s) + tmo ))
  while :; do
    body=$(call 200 GET "/operations/$id") || return 1
    status=$(field "$body" .status)
    case "$status" in
      succeeded) return 0 ;;
      failed) echo "FAILED: operation $(field "$body" '.kind + " on " + .target') failed: $(field "$body" .error)" >&2
              return 1 ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "FAILED: operation $(field "$body" '.kind + " on " + .target') still $status after $tmo s" >&2
      return 1
    fi
    sleep 2
  done
}

# accepted JSON: the operation id of a 202 answer (the object with an "operation" inside, or an operation itself)
op_id() { field "$1" '.operation.id // .id'; }

# wait_status PATH JQ-FILTER VALUE TIMEOUT: polls until the filter gives VALUE; prints the last body
wait_status() {
  local path=$1 filter=$2 want=$3 tmo=$4 deadline body=""
  deadline=$(( $(date +%s) + tmo ))
  while :; do
    body=$(call 200 GET "$path") || return 1
    [ "$(field "$body" "$filter")" = "$want" ] && { echo "$body"; return 0; }
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "FAILED: $path: $filter is not $want after $tmo s: $body" >&2
      return 1
    fi
    sleep 2
  done
}

# held: what the guests' kernels hold against what the controller's rows want there. On each available dpv its LVs
# are its legs', its dlvm dm tables belong to them, it has a LIO target for each exported leg, with one ACL; on each
# available ihost the iSCSI sessions and node records lead to the legs of the dlvs it serves (when their dpvs are all
# available: a session to a dpv away may wait in recovery) and its dlvm dm tables are theirs, a device for each.
# Prints a line per node and every difference; returns 1 when something is held that no row wants, or missing.
LEG_IQN=iqn.2026-11.org.dlvm:leg.
served_on() { awk -v h="$1" '$2==h && ($3=="attached" || $3=="degraded") {print $1}' "$2" | sort -u; } # IHOST WANT-FILE
held() {
  local want got bad=0 g n names status away="" dpvs_up="" ihosts_up="" pids=""
  want=$(mktemp) got=$(mktemp -d)
  names=$(call 200 GET /dlvs | jq -r '.[].name') || { rm -rf "$want" "$got"; return 1; }
  for n in $names; do
    # dlv, its ihost, its status, then per leg: dpv, leg, leg status
    call 200 GET "/dlvs/$n" | jq -r '. as $d | .groups[].legs[] | [$d.name, ($d.ihost // "-"), $d.status, .dpv, .name,
      .status] | @tsv'
  done > "$want"
  for g in $DPV_NODES; do
    status=$(field "$(call 200 GET "/dpvs/$g")" .status)
    if [ "$status" = available ]; then dpvs_up="$dpvs_up $g"; else echo "held: $g is $status, not checked"; away="$away $g"; fi
  done
  for g in $IHOST_NODES; do
    status=$(field "$(call 200 GET "/ihosts/$g")" .status)
    if [ "$status" = available ]; then ihosts_up="$ihosts_up $g"; else echo "held: $g is $status, not checked"; fi
  done
  # every guest's listing at once (each is a few LVM and configfs reads under emulation)
  for g in $dpvs_up; do
    guest "$g" "echo '--- lvs'; lvm lvs --noheadings -o lv_name dlvm_vg | tr -d ' '
echo '--- targets'; ls /sys/kernel/config/target/iscsi | grep -F '$LEG_IQN' || true
echo '--- acls'; for t in /sys/kernel/config/target/iscsi/$LEG_IQN*; do [ -d \"\$t\" ] && echo \"\${t##*/} \$(ls \"\$t/tpgt_1/acls\" | wc -l)\"; done; true
echo '--- dm'; dmsetup ls | awk '{print \$1}' | grep dlvm || true" 120 > "$got/$g" 2> "$got/$g.err" || mv "$got/$g" "$got/$g.failed" &
    pids="$pids $!"
  done
  for g in $ihosts_up; do
    guest "$g" "echo '--- sessions'; iscsiadm -m session 2>/dev/null | awk '{print \$4}' || true
echo '--- nodes'; iscsiadm -m node 2>/dev/null | awk '{print \$2}' | sort -u || true
echo '--- dm'; dmsetup ls | awk '{print \$1}' | grep '^dlvm-' || true" 120 > "$got/ih-$g" 2> "$got/ih-$g.err" || mv "$got/ih-$g" "$got/ih-$g.failed" &
    pids="$pids $!"
  done
  # only these: a caller's own background jobs (a fio) are not ours to wait for
  wait $pids
  section() { awk -v s="--- $2" '/^--- /{on=($0==s); next} on' "$got/$1" | sort; }
  for g in $dpvs_up; do
    [ -f "$got/$g" ] || { echo "held: $g did not answer: $(cat "$got/$g.failed" "$got/$g.err")"; bad=1; continue; }
    local legs; legs=$(awk -v p="$g" '$4==p {print $5}' "$want" | sort)
    if ! diff <(echo "$legs" | sed '/^$/d; s/^/dlvm-/') <(section "$g" lvs | sed '/^$/d'); then
      echo "held: $g: its LVs (>) are not its legs' (<)"; bad=1
    fi
    if ! diff <(awk -v p="$g" -v q="$LEG_IQN" '$4==p && $6=="exported" {print q $5}' "$want" | sort) \
        <(section "$g" targets | sed '/^$/d'); then
      echo "held: $g: its LIO targets (>) are not its exported legs' (<)"; bad=1
    fi
    if section "$g" acls | awk '$2 != 1' | grep .; then echo "held: $g: a target without exactly one ACL (above)"; bad=1; fi
    # a solo guest's listing also has the stacks of the dlvs it serves, which its ihost part checks
    if section "$g" dm | grep -v -E "^dlvm-($(served_on "$g" "$want" | paste -sd'|' -))(\+s[0-9]+-.*)?\$" \
        | grep -v -F -f <(echo "$legs" | sed '/^$/d') | grep .; then
      echo "held: $g: dm tables of no leg of its (above)"; bad=1
    fi
    echo "held: $g: $(echo "$legs" | sed '/^$/d' | wc -l) legs in its rows"
  done
  for g in $ihosts_up; do
    [ -f "$got/ih-$g" ] || { echo "held: $g did not answer: $(cat "$got/ih-$g.failed" "$got/ih-$g.err")"; bad=1; continue; }
    local served; served=$(served_on "$g" "$want")
    local held_legs; held_legs=$(awk -v h="$g" -v q="$LEG_IQN" '$2==h && ($3=="attached" || $3=="degraded") {print q $5}' \
      "$want" | sort)
    local d stray
    for d in $served; do
      section "ih-$g" dm | grep -qx "dlvm-$d" || { echo "held: $g: no device dlvm-$d for $d"; bad=1; }
    done
    # a solo guest's listing also has its own legs' devices (dlvm-<leg>+l1, +l2), which its dpv part checks
    stray=$(section "ih-$g" dm | { grep -v -F -f <(awk -v p="$g" '$4==p {print "dlvm-" $5 "+l"}' "$want") || true; } \
      | while read -r n; do
      for d in $served; do case "$n" in "dlvm-$d"|"dlvm-$d+"*) continue 2 ;; esac; done; echo "$n"; done)
    [ -z "$stray" ] || { echo "held: $g: dm tables of no dlv it serves: $stray"; bad=1; }
    if [ -n "$away" ] && awk -v h="$g" '$2==h' "$want" | grep -qw -e "$(echo $away | sed 's/ /\\|/g')"; then
      echo "held: $g: a dpv of its dlvs is away, sessions not checked"
    else
      for s in sessions nodes; do
        if ! diff <(echo "$held_legs" | sed '/^$/d') <(section "ih-$g" $s | sed '/^$/d'); then
          echo "held: $g: its iSCSI $s (>) are not those of the legs of the dlvs it serves (<)"; bad=1
        fi
      done
    fi
    echo "held: $g: $(echo $served | wc -w) dlvs served, $(echo "$held_legs" | sed '/^$/d' | wc -l) legs in the rows"
  done
  rm -rf "$want" "$got"
  return $bad
}

# --- a dlv under test ------------------------------------------------------------------------------------------
# For the scenarios (volume-scenario.sh, volume-solo.sh): they set DLV, DEV (its device on the ihost), IHOST,
# FIO_SIZE, OP_TIMEOUT and REGION_SUMS (a file they empty first), and may redefine region_size.
region_size() { echo "$FIO_SIZE"; }

# The dlv's operation: POST/DELETE answers 202 with the operation; wait for it, then for the status
# run_op EXPECTED_STATUS METHOD PATH [JSON]
# A 409 `busy` (the controller's own operation on the dlv: a restore, a repair, a pool grow) is retried for up to
# 120 s, as a client that meets one should.
run_op() {
  local want=$1 body id r deadline; shift
  deadline=$(( $(date +%s) + 120 ))
  while :; do
    r=$(api "$@")
    [ "${r%% *}" = 409 ] && [ "$(field "${r#* }" .error)" = busy ] && [ "$(date +%s)" -lt "$deadline" ] || break
    echo "$1 $2: busy ($(field "${r#* }" .message)): again in 5 s"
    sleep 5
  done
  [ "${r%% *}" = 202 ] || { echo "FAILED: $1 $2 ${3:-} answered ${r%% *}, expected 202: ${r#* }" >&2; return 1; }
  body=${r#* }
  id=$(op_id "$body")
  [ -n "$id" ] && [ "$id" != null ] || die "$1 $2: no operation in the answer: $body"
  local t; t=$(now)
  wait_op "$id" "$OP_TIMEOUT" || { echo "dlv now: $(api GET "/dlvs/$DLV")" >&2; return 1; }
  echo "TIME op $1 $2 $(since "$t")"
  [ -z "$want" ] && return 0
  wait_status "/dlvs/$DLV" .status "$want" 60 > /dev/null
}

# fio on the ihost: 4k random writes with crc32c headers in a region, then the same job reads them back and checks
# them (the job's fixed random seed makes --verify_only visit the same blocks with the same expectations).
fio_job() { # REGION-OFFSET SIZE EXTRA
  echo "fio --name=region-$1 --filename=$DEV --offset=$1 --size=$2 --rw=randwrite --bs=4k --ioengine=libaio \
    --iodepth=16 --direct=1 --verify=crc32c --verify_fatal=1 --randrepeat=1 --group_reporting $3"
}
fio_write() { # NAME OFFSET
  step "fio writes region $1 ($FIO_SIZE at offset $2) with verify headers, then verifies it"
  guest "$IHOST" "set -o pipefail; $(fio_job "$2" "$FIO_SIZE" "--do_verify=1") --output-format=terse --terse-version=3 | \
    awk -F';' '{printf \"fio region $1: write %s IOPS, verify read %s IOPS\\n\", \$49, \$8}'" 900 || die "fio failed on region $1"
  region_written "$1" "$2"
}
fio_verify() { # NAME OFFSET ...: each region (of its region_size), one fio per region, at once
  local size names="" jobs=""
  while [ $# -gt 0 ]; do
    size=$(region_size "$1")
    names="$names $1"
    jobs="$jobs{ $(fio_job "$2" "$size" "--verify_only") --output-format=terse --terse-version=3 > /tmp/verify.$1 2>&1 \
|| touch /tmp/verify.$1.failed; } &
"
    shift 2
  done
  # one guest command for all (a command's round trip and fio's start cost seconds under emulation); separate fio
  # processes, not one fio of several jobs: a job's random seed depends on its place in the run, and --verify_only
  # must replay the seed the region's writer had
  step "fio --verify_only regions$names"
  guest "$IHOST" "rm -f /tmp/verify.*
${jobs}wait
bad=0
for r in$names; do
  if [ -e /tmp/verify.\$r.failed ]; then echo \"fio region \$r: verify FAILED\"; cat /tmp/verify.\$r; bad=1
  else awk -F';' -v r=\$r '{printf \"fio region %s verified: %s IOPS\\n\", r, \$8}' /tmp/verify.\$r; fi
done
exit \$bad" 900 || die "regions$names do not all verify on $DEV"
}
# Between the fault steps the regions are checked by their bytes: each region's sha256 is taken once its writer
# (whose own --do_verify checked it) has ended, and a later read must give the same bytes. fio's --verify_only
# replays 4k random reads, ~300 IOPS under emulation (45-89 s for A-G); these reads take 1 MiB at a time and check
# every byte of the same regions in seconds. fio's own verify of every region still runs after 5 and after 8h.
region_sums() { # NAME OFFSET ...: "NAME SHA256" per region, read from the ihost's device
  local cmd="" size
  while [ $# -gt 0 ]; do
    size=$(region_size "$1")
    cmd="$cmd echo \"$1 \$(dd if=$DEV iflag=direct,skip_bytes,count_bytes bs=1M skip=$2 count=$size status=none \
| sha256sum | cut -c1-64)\";"
    shift 2
  done
  guest "$IHOST" "$cmd" 900
}
region_written() { # NAME OFFSET: what the region holds now is what it must hold from here on
  local sum
  sum=$(region_sums "$1" "$2") || die "region $1 could not be read on $DEV"
  # sha256 of nothing: the read gave no bytes
  case "$sum" in *e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855*) die "region $1: nothing read on $DEV" ;; esac
  echo "$sum" >> "$REGION_SUMS"
}
regions_hold() { # NAME OFFSET ...: every byte of each region as it was when written
  local names="" got want
  for n in "$@"; do case $n in [A-Z]) names="$names $n" ;; esac; done
  step "regions$names read back byte for byte"
  got=$(region_sums "$@") || die "regions$names could not be read on $DEV"
  for n in $names; do
    want=$(awk -v r="$n" '$1 == r {print $2}' "$REGION_SUMS")
    [ -n "$want" ] || die "no sum was taken of region $n when it was written"
    [ "$(echo "$got" | awk -v r="$n" '$1 == r {print $2}')" = "$want" ] \
      || die "region $n on $DEV no longer holds what was written: $(echo "$got" | grep "^$n ")"
  done
  echo "regions$names: every byte as written"
}

# check_held STEP: what the nodes hold against what the rows want (held), at the end of a step
check_held() { step "$1: the nodes hold what the rows want, nothing more"; held || die "after $1 the nodes do not hold what the rows want (above)"; echo "HELD_OK $1"; }
