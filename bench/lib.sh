# Shared parts of the benchmark (sourced by bench/run): the server, the timing loop and the result table.
# Workloads live in bench/workloads/*.sh; each defines workload_<name>, which builds its data, calls `alternate` to
# time its contenders and `row` to add its lines to the table.

BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
AS=""
if [ "$(id -u)" -eq 0 ]; then AS="runuser -u postgres --"; fi
VERSION=0.1.0-SNAPSHOT
CLI=$ROOT/orchestrator/target/migrate-orchestrator-$VERSION-cli.jar
declare -A TIMES
# Maven as the contenders run it: offline, quiet; BENCH_M2 points at another local repository
MVN="mvn -B -q -o ${BENCH_M2:+-Dmaven.repo.local=$BENCH_M2}"

# Installs what a fresh machine lacks: the PostgreSQL 15 server binaries (initdb, pg_ctl, pgbench), bc and GNU time.
bench_install() {
  local need=()
  [ -x "$BIN/initdb" ] && [ -x "$BIN/pgbench" ] || need+=(postgresql-15)
  command -v bc >/dev/null 2>&1 || need+=(bc)
  command -v runuser >/dev/null 2>&1 || need+=(util-linux)
  [ -x /usr/bin/time ] || need+=(time)
  if [ "${#need[@]}" -gt 0 ]; then
    echo "# installing: ${need[*]}" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    # no cluster of Debian's own: the benchmark starts its server itself
    $sudo mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/bench.conf >/dev/null
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
}

# Starts a server of the machine's binaries on loopback: bench_server <dir> <port> [extra postgres options]
bench_server() {
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir" && chown postgres "$dir" 2>/dev/null || true
  $AS "$BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  $AS "$BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $*" -w start >/dev/null
  SERVERS+=("$dir")
}

bench_stop_all() {
  for d in "${SERVERS[@]:-}"; do
    [ -n "$d" ] && $AS "$BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1 || true
  done
}

now() { date +%s.%N; }

# alternate <workload> <prepare-function|-> <contender-function>... : RUNS rounds; each round prepares (untimed) and
# times every contender in turn, so drifts of the machine hit all of them alike. Contender functions are named c_*;
# the contender's name is the function name without the prefix.
alternate() {
  local workload=$1 prepare=$2; shift 2
  local r c t0 t1
  for r in $(seq 1 "$RUNS"); do
    for c in "$@"; do
      [ "$prepare" = "-" ] || "$prepare" "$c"
      t0=$(now)
      "$c" >"$WORK/out.txt" 2>&1 || { echo "contender $c of $workload failed:" >&2; tail -40 "$WORK/out.txt" >&2; exit 1; }
      t1=$(now)
      TIMES[$workload/${c#c_}]="${TIMES[$workload/${c#c_}]:-} $(echo "$t1 - $t0" | bc)"
    done
  done
}

# median and min of a workload's contender: stats <workload>/<contender>
stats() {
  echo "${TIMES[$1]}" | tr ' ' '\n' | sed '/^$/d' | sort -n \
    | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f", m, a[1]}'
}

# row <workload> <contender> <description> <reference contender|-> <kind time|throughput> <target: "<= 1.1" or "-">
# Time ratios are contender/reference (lower is better); throughput ratios are reference/contender (higher is
# better), both from the medians. Without a reference, a target of kind time applies to the median itself, in
# seconds ("< 1" means under a second).
row() {
  local workload=$1 contender=$2 description=$3 ref=$4 kind=$5 target=$6
  local med min rmed ratio="-" met=""
  read -r med min <<<"$(stats "$workload/$contender")"
  if [ "$ref" != "-" ]; then
    read -r rmed _ <<<"$(stats "$workload/$ref")"
    if [ "$kind" = throughput ]; then ratio=$(echo "scale=2; $rmed / $med" | bc); else ratio=$(echo "scale=2; $med / $rmed" | bc); fi
    case $ratio in .*) ratio="0$ratio";; esac
  fi
  if [ "$target" != "-" ] && [ "$ratio" != "-" ]; then
    if [ "$(echo "$ratio ${target%% *} ${target#* }" | bc)" = 1 ]; then met=yes; else met=no; fi
  fi
  local what="time"; [ "$kind" = throughput ] && what="throughput"
  [ "$ref" = "-" ] && what="-"
  if [ "$ref" = "-" ] && [ "$target" != "-" ] && [ "$kind" = time ]; then
    if [ "$(echo "$med ${target%% *} ${target#* }" | bc)" = 1 ]; then met=yes; else met=no; fi
    what="s"
  fi
  echo "| $WORKLOAD_LABEL | $description | $med | $min | $ratio | ${target/#-/-}$( [ "$target" != "-" ] && echo " ($what)") | $met |" >>"$WORK/table.md"
}

# record <workload>/<contender> <seconds>: adds a time measured inside a contender (a part of what it ran, such as a
# duration the tool logs) as if alternate had timed it
record() { TIMES[$1]="${TIMES[$1]:-} $2"; }

# note <text>: a line printed under the table (sizes, extrapolations, explanations)
note() { echo "- $*" >>"$WORK/notes.md"; }
