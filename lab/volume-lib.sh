# Sourced by volume-lab.sh, volume-scenario.sh and bench.sh: where the volume lab lives and how to talk to its
# controller and guests. Not a program of its own.
#
# Settings (environment): DLVM_VOLUME_WORKDIR (lab/work/volume), DLVM_LAB_NS (dlvmlab), DLVM_VOLUME_DPVS (3),
# DLVM_VOLUME_IHOSTS (1), DLVM_VOLUME_DVG (dvg1).

LAB_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
VOLUME_WORK=${DLVM_VOLUME_WORKDIR:-$LAB_DIR/work/volume}
NS=${DLVM_LAB_NS:-dlvmlab}
N_DPV=${DLVM_VOLUME_DPVS:-3}
N_IHOST=${DLVM_VOLUME_IHOSTS:-1}
DVG=${DLVM_VOLUME_DVG:-dvg1}
# lab.sh run/down find the guests through these
export DLVM_LAB_WORKDIR=$VOLUME_WORK/lab DLVM_LAB_NS=$NS
API=http://127.0.0.1:9521/api/v1
# the controller's tree; its first start makes the administrator's password in etc/dlvm-secrets/karaf.password
CTL=$VOLUME_WORK/ctl
admin_password() { cat "$CTL/etc/dlvm-secrets/karaf.password" 2>/dev/null || true; }

DPVS=$(for i in $(seq 1 "$N_DPV"); do printf 'dpv%s ' "$i"; done)
IHOSTS=$(for i in $(seq 1 "$N_IHOST"); do printf 'ihost%s ' "$i"; done)
dpv_ip() { echo "10.77.0.$((10 + ${1#dpv}))"; }

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
held() {
  local want got bad=0 g n names status away="" dpvs_up="" ihosts_up="" pids=""
  want=$(mktemp) got=$(mktemp -d)
  names=$(call 200 GET /dlvs | jq -r '.[].name') || { rm -rf "$want" "$got"; return 1; }
  for n in $names; do
    # dlv, its ihost, its status, then per leg: dpv, leg, leg status
    call 200 GET "/dlvs/$n" | jq -r '. as $d | .groups[].legs[] | [$d.name, ($d.ihost // "-"), $d.status, .dpv, .name,
      .status] | @tsv'
  done > "$want"
  for g in $DPVS; do
    status=$(field "$(call 200 GET "/dpvs/$g")" .status)
    if [ "$status" = available ]; then dpvs_up="$dpvs_up $g"; else echo "held: $g is $status, not checked"; away="$away $g"; fi
  done
  for g in $IHOSTS; do
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
echo '--- dm'; dmsetup ls | awk '{print \$1}' | grep '^dlvm-' || true" 120 > "$got/$g" 2> "$got/$g.err" || mv "$got/$g" "$got/$g.failed" &
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
    if section "$g" dm | grep -v -F -f <(echo "$legs" | sed '/^$/d') | grep .; then
      echo "held: $g: dm tables of no leg of its (above)"; bad=1
    fi
    echo "held: $g: $(echo "$legs" | sed '/^$/d' | wc -l) legs in its rows"
  done
  for g in $ihosts_up; do
    [ -f "$got/$g" ] || { echo "held: $g did not answer: $(cat "$got/$g.failed" "$got/$g.err")"; bad=1; continue; }
    local served; served=$(awk -v h="$g" '$2==h && ($3=="attached" || $3=="degraded") {print $1}' "$want" | sort -u)
    local held_legs; held_legs=$(awk -v h="$g" -v q="$LEG_IQN" '$2==h && ($3=="attached" || $3=="degraded") {print q $5}' \
      "$want" | sort)
    local d stray
    for d in $served; do
      section "$g" dm | grep -qx "dlvm-$d" || { echo "held: $g: no device dlvm-$d for $d"; bad=1; }
    done
    stray=$(section "$g" dm | while read -r n; do
      for d in $served; do case "$n" in "dlvm-$d"|"dlvm-$d+"*) continue 2 ;; esac; done; echo "$n"; done)
    [ -z "$stray" ] || { echo "held: $g: dm tables of no dlv it serves: $stray"; bad=1; }
    if [ -n "$away" ] && awk -v h="$g" '$2==h' "$want" | grep -qw -e "$(echo $away | sed 's/ /\\|/g')"; then
      echo "held: $g: a dpv of its dlvs is away, sessions not checked"
    else
      for s in sessions nodes; do
        if ! diff <(echo "$held_legs" | sed '/^$/d') <(section "$g" $s | sed '/^$/d'); then
          echo "held: $g: its iSCSI $s (>) are not those of the legs of the dlvs it serves (<)"; bad=1
        fi
      done
    fi
    echo "held: $g: $(echo $served | wc -w) dlvs served, $(echo "$held_legs" | sed '/^$/d' | wc -l) legs in the rows"
  done
  rm -rf "$want" "$got"
  return $bad
}
