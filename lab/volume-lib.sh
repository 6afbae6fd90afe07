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
