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

# ---- Shared by the workloads: the generated project, the databases, the other tools' plugins ----

# Versions of the other tools' Maven plugins the workloads compare with
FLYWAY_PLUGIN_VERSION=13.6.0
LIQUIBASE_PLUGIN_VERSION=4.33.0
PGJDBC_VERSION=42.7.8
# Maven online (no -o), for the untimed setup steps that resolve the other tools' plugins once
MVN_ONLINE="mvn -B -q ${BENCH_M2:+-Dmaven.repo.local=$BENCH_M2}"
# How many migrations the 1000-migration workloads use (a smaller number for a quick try while developing)
BENCH_N=${BENCH_N:-1000}
# Liquibase (4.30 and later) sends usage analytics unless told not to; Hub, and its liquibase.hub.mode, is gone in 4.33
export LIQUIBASE_ANALYTICS_ENABLED=false
LIQUIBASE_OPTS="-Dliquibase.analytics.enabled=false"

# make_project <dir> <n>: a Maven project with n migrations and their undo scripts (deterministic), the same
# changes as one Liquibase formatted-SQL changelog (liquibase/changelog.sql, one changeset with its rollback per
# migration), and a POM declaring migrate-maven-plugin, flyway-maven-plugin and liquibase-maven-plugin. Nothing is
# bound to a phase, so `mvn validate` on it is Maven's start-up alone.
make_project() {
  local p=$1 n=$2 i sql m=$1/src/main/resources/db/migration
  rm -rf "$p"
  mkdir -p "$m" "$p/liquibase"
  echo "--liquibase formatted sql" >"$p/liquibase/changelog.sql"
  for i in $(seq 1 "$n"); do
    sql="create table t_$i (id int primary key, name text not null, created_at timestamptz not null default now());
create index t_${i}_name_idx on t_$i (name);
insert into t_$i (id, name) select g, 'row ' || g || ' of $i' from generate_series(1, 10) g;"
    printf '%s\n' "$sql" >"$m/V${i}__create_table_${i}.sql"
    printf '%s\n' "drop table t_$i;" >"$m/U${i}__create_table_${i}.sql"
    printf '\n--changeset bench:%s\n%s\n--rollback drop table t_%s;\n' "$i" "$sql" "$i" >>"$p/liquibase/changelog.sql"
  done
  cat >"$p/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging>
<properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
<build><plugins>
<plugin><groupId>dev.dbmigrate</groupId><artifactId>migrate-maven-plugin</artifactId><version>$VERSION</version></plugin>
<plugin><groupId>org.flywaydb</groupId><artifactId>flyway-maven-plugin</artifactId><version>$FLYWAY_PLUGIN_VERSION</version>
  <configuration><locations><location>filesystem:src/main/resources/db/migration</location></locations></configuration>
  <dependencies>
    <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-database-postgresql</artifactId><version>$FLYWAY_PLUGIN_VERSION</version></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>$PGJDBC_VERSION</version></dependency>
  </dependencies></plugin>
<plugin><groupId>org.liquibase</groupId><artifactId>liquibase-maven-plugin</artifactId><version>$LIQUIBASE_PLUGIN_VERSION</version>
  <configuration><changeLogFile>liquibase/changelog.sql</changeLogFile><searchPath>\${project.basedir}</searchPath></configuration>
  <dependencies>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>$PGJDBC_VERSION</version></dependency>
  </dependencies></plugin>
</plugins></build></project>
POM
}

# The contenders on database $DB of project $P
JDBC_URL() { echo "jdbc:postgresql://127.0.0.1:$PORT/$DB"; }
cli() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -jar "$CLI" "$@" --project-dir "$P"; }
mvn_migrate() { $MVN -f "$P/pom.xml" "migrate:$1" -Dmigrate.url="$(JDBC_URL)" -Dmigrate.user=postgres "${@:2}"; }
mvn_flyway() { $MVN -f "$P/pom.xml" "flyway:$1" -Dflyway.url="$(JDBC_URL)" -Dflyway.user=postgres "${@:2}"; }
mvn_liquibase() { $MVN -f "$P/pom.xml" "liquibase:$1" -Dliquibase.url="$(JDBC_URL)" -Dliquibase.username=postgres $LIQUIBASE_OPTS "${@:2}"; }

# resolve_plugins: an untimed online run of each plugin of $P (the timed contenders run Maven offline), on a
# scratch database that is dropped afterwards; once per benchmark run (every generated POM declares the same plugins)
PLUGINS_RESOLVED=""
resolve_plugins() {
  [ -z "$PLUGINS_RESOLVED" ] || return 0
  local db=${DB:-}
  DB=bench_resolve
  $PSQL -d postgres -c "set client_min_messages = warning" -c "drop database if exists $DB" -c "create database $DB"
  local MVN=$MVN_ONLINE
  mvn_flyway info >"$WORK/resolve.txt" 2>&1 && mvn_liquibase status >>"$WORK/resolve.txt" 2>&1 \
    && $MVN -f "$P/pom.xml" validate >>"$WORK/resolve.txt" 2>&1 \
    || { echo "resolving the plugins of $P failed:" >&2; tail -40 "$WORK/resolve.txt" >&2; exit 1; }
  $PSQL -d postgres -c "drop database $DB"
  DB=$db
  PLUGINS_RESOLVED=1
}

# fresh_db: a new empty database named $DB, after a checkpoint. Databases are not dropped between runs (dropping one
# with thousands of relations keeps the disk busy long after, which made the next contender's time swing by 2x);
# drop_dbs removes them when the workload is done.
DB_SEQ=0
DB_DROPPED=0
fresh_db() {
  DB_SEQ=$((DB_SEQ + 1)); DB=bench_$DB_SEQ
  $PSQL -d postgres -c "create database $DB" -c checkpoint
}
drop_dbs() {
  local i; for i in $(seq $((DB_DROPPED + 1)) "$DB_SEQ"); do $PSQL -d postgres -c "drop database if exists bench_$i"; done
  DB_DROPPED=$DB_SEQ
  $PSQL -d postgres -c checkpoint
}

# count_tables: how many of the generated tables t_<i> database $DB holds
count_tables() { $PSQL -d "$DB" -tAc "select count(*) from pg_tables where schemaname = 'public' and tablename ~ '^t_[0-9]+\$'"; }
# expect_tables <n> <who>: stops the benchmark when $DB does not hold n generated tables after contender <who> ran
expect_tables() {
  local c; c=$(count_tables)
  [ "$c" = "$1" ] || { echo "contender $2 left $c tables in $DB, expected $1" >&2; exit 1; }
}

# floor_sql <project> <file>: the upgrade floor's script, every migration in its own BEGIN/COMMIT
floor_sql() {
  local i n; n=$(ls "$1"/src/main/resources/db/migration/V*.sql | wc -l)
  ( for i in $(seq 1 "$n"); do echo "begin;"; cat "$1/src/main/resources/db/migration/V${i}__create_table_${i}.sql"; echo "commit;"; done ) >"$2"
}
