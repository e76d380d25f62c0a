# The ~1 GB databases of the data workloads (backup, restore, promote, memory), sourced by their workload files and
# built once per bench/run on the bench server. Sizes follow BENCH_SCALE: BENCH_SCALE=0.05 builds 5% of each.
#
# - data_pgbench: `pgbench -i -s 70` (7 M accounts, ~1.05 GB; its dump compresses ~56:1: blank-padded filler);
# - data_text:    two tables of random-looking text, md5 hex chains of a seeded counter (~1.1 GB; compresses ~2:1:
#                 hex digits carry 4 bits in 8). Deterministic: the same rows on every machine for the same seed.
# The _q variants are a quarter of that size, for the size-scaling notes.

BENCH_SEED=${BENCH_SEED:-6}
# rows per text table at scale 1 (two tables of ~330-byte rows, about 1.1 GB with their primary keys)
TEXT_ROWS=1500000
PGBENCH_SCALE=70

# scaled <number> [minimum]: number x BENCH_SCALE, rounded, at least minimum (default 1)
scaled() { echo "$1 $SCALE ${2:-1}" | awk '{v = int($1 * $2 + 0.5); if (v < $3) v = $3; print v}'; }

# make_text_db <db> <rows per table>
make_text_db() {
  local db=$1 rows=$2 t
  $PSQL -d postgres -c "create database $db"
  for t in notes events; do
    $PSQL -d "$db" -v ON_ERROR_STOP=1 <<SQL
create table $t (id bigint primary key, title text not null, body text not null);
insert into $t
select g, md5('$BENCH_SEED:$t:' || g),
       md5('$BENCH_SEED:$t:1:' || g) || md5('$BENCH_SEED:$t:2:' || g) || md5('$BENCH_SEED:$t:3:' || g)
    || md5('$BENCH_SEED:$t:4:' || g) || md5('$BENCH_SEED:$t:5:' || g) || md5('$BENCH_SEED:$t:6:' || g)
    || md5('$BENCH_SEED:$t:7:' || g) || md5('$BENCH_SEED:$t:8:' || g)
  from generate_series(1, $rows) g;
SQL
  done
  $PSQL -d "$db" -c "vacuum analyze"
}

# make_pgbench_db <db> <pgbench scale>
make_pgbench_db() {
  $PSQL -d postgres -c "create database $1"
  "$BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -q -s "$2" "$1" >/dev/null 2>&1
  $PSQL -d "$1" -c "vacuum analyze"
}

# ensure_db <name>...: builds the named data databases (data_text, data_pgbench, data_text_q, data_pgbench_q) that
# this run does not have yet
declare -A DATA_BUILT
ensure_db() {
  local db t0
  for db in "$@"; do
    [ -n "${DATA_BUILT[$db]:-}" ] && continue
    t0=$(now)
    case $db in
      data_text) make_text_db "$db" "$(scaled $TEXT_ROWS 1000)";;
      data_text_q) make_text_db "$db" "$(scaled $((TEXT_ROWS / 4)) 250)";;
      data_pgbench) make_pgbench_db "$db" "$(scaled $PGBENCH_SCALE)";;
      data_pgbench_q) make_pgbench_db "$db" "$(scaled $((PGBENCH_SCALE / 4)))";;
      *) echo "ensure_db: unknown database $db" >&2; exit 1;;
    esac
    $PSQL -d postgres -c checkpoint
    echo "#   built $db in $(echo "$(now) $t0" | awk '{printf "%.0f", $1 - $2}') s: $(mb "$(db_bytes "$db")") MB (scale $SCALE)" >&2
    DATA_BUILT[$db]=1
  done
}
ensure_data() { ensure_db data_text data_pgbench data_text_q data_pgbench_q; }

# db_bytes <db>: its size in bytes
db_bytes() { $PSQL -d postgres -Atc "select pg_database_size('$1')"; }
# mb <bytes>: in MB (10^6), one decimal
mb() { echo "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
# path_bytes <file or folder>
path_bytes() { du -sb "$1" | cut -f1; }
# mbps <bytes> <workload/contender>: throughput of the contender's median in MB/s
mbps() { local med; read -r med _ <<<"$(stats "$2")"; echo "$1 $med" | awk '{printf "%.0f", $1 / 1e6 / $2}'; }
# median <workload/contender>
median() { local med; read -r med _ <<<"$(stats "$1")"; echo "$med"; }

# Flush written files so that one contender's dirty pages are not the next contender's I/O.
settle() { sync; }

# The options of the backup profile's default (EnvironmentProfile.Backup: directory format, 2 jobs, gzip level 1), as
# pg_dump spells them: the reference the default is compared with.
DEFAULT_DUMP_OPTIONS="-Fd -j2 -Z1"

# backup_project: $WORK/backup-project, whose environments back up the data databases into $WORK/bk/<env>:
#   <tag>_fc6 (custom format, gzip 6: pg_dump -Fc's own level), <tag>_fc1 (custom format, the default level 1),
#   <tag>_default (no format, jobs or compression: the profile's defaults)
# for the tags text, pgbench, text_q, pgbench_q (databases data_<tag>).
BP=$WORK/backup-project
backup_project() {
  [ -d "$BP" ] && return
  mkdir -p "$BP/environments" "$BP/src/main/resources/db/migration" "$WORK/bk"
  # a POM too, for the goals run through Maven (85-memory.sh)
  cat >"$BP/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>backup</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>dev.dbmigrate</groupId><artifactId>migrate-maven-plugin</artifactId>
<version>$VERSION</version></plugin></plugins></build></project>
POM
  local tag
  for tag in text pgbench text_q pgbench_q; do
    printf 'url: postgresql://postgres@127.0.0.1:%s/data_%s\nbackup: { directory: %s, format: custom, compression: 6 }\n' \
      "$PORT" "$tag" "$WORK/bk/${tag}_fc6" >"$BP/environments/${tag}_fc6.yml"
    printf 'url: postgresql://postgres@127.0.0.1:%s/data_%s\nbackup: { directory: %s, format: custom }\n' \
      "$PORT" "$tag" "$WORK/bk/${tag}_fc1" >"$BP/environments/${tag}_fc1.yml"
    printf 'url: postgresql://postgres@127.0.0.1:%s/data_%s\nbackup: { directory: %s }\n' \
      "$PORT" "$tag" "$WORK/bk/${tag}_default" >"$BP/environments/${tag}_default.yml"
  done
}

# cli_backup <env>: the CLI's backup of an environment of the backup project
cli_backup() { java -jar "$CLI" backup --project-dir "$BP" --env "$1" --allowEmpty; }

# latest_backup <env>: the path of the newest backup the CLI wrote for env (empty when none)
latest_backup() { { ls -d "$WORK/bk/$1"/"$1"-* 2>/dev/null || true; } | { grep -v '\.sha256$' || true; } | sort | tail -1; }
