# The trace of a typical migration (issue 16's target: under 1 s beyond the throwaway server's start): `migrate lint
# --lint.trace true` on a project whose V1 creates a table that its sample data fills with 10,000 rows and whose V2
# does what a usual change does (adds a column, creates a table, updates a few rows), each traced statement by
# statement and rehearsed behind an open reader (no lockTimeout in the profile: the rehearsal probes with 200 ms, once
# per statement that waits). The parts are read from migrate's log line ("trace: scratch PostgreSQL ready in N ms,
# state before ... built in M ms, K migrations traced in T ms"); the scratch cluster is made once, untimed.
# Needs the lint goal's CLI verb (it passes the listener to dev.dbmigrate.trace.Trace.run).

LT=$WORK/lint-trace-project

# trace_ms <field>: a number of the last run's log line: ready | built | traced
trace_ms() {
  local line
  line=$(grep -o 'trace: scratch PostgreSQL ready in [0-9]* ms, state before .* built in [0-9]* ms, .* traced in [0-9]* ms' \
    "$WORK/lint-trace.out" | tail -1)
  case $1 in
    ready) echo "$line" | sed -E 's/.*ready in ([0-9]+) ms.*/\1/';;
    built) echo "$line" | sed -E 's/.* built in ([0-9]+) ms.*/\1/';;
    traced) echo "$line" | sed -E 's/.* traced in ([0-9]+) ms$/\1/';;
  esac
}

cli_trace() {
  java -jar "$CLI" lint --lint.trace true --lint.failOn never --project-dir "$LT" >"$WORK/lint-trace.out" 2>&1 \
    || { cat "$WORK/lint-trace.out"; return 1; }
}

c_trace() {
  cli_trace
  record lint-trace/start "$(echo "scale=3; $(trace_ms ready) / 1000" | bc)"
  record lint-trace/beyond_start "$(echo "scale=3; ($(trace_ms built) + $(trace_ms traced)) / 1000" | bc)"
}

workload_lint-trace() {
  rm -rf "$LT"
  mkdir -p "$LT/src/main/resources/db/migration" "$LT/src/test/resources/db/sample-data"
  echo "create table users (id bigint primary key, email text not null, created timestamptz not null);" \
    >"$LT/src/main/resources/db/migration/V1__create_users.sql"
  echo "drop table users;" >"$LT/src/main/resources/db/migration/U1__create_users.sql"
  echo "insert into users select g, 'u' || g || '@example.com', now() from generate_series(1, 10000) g;" \
    >"$LT/src/test/resources/db/sample-data/D1__users.sql"
  cat >"$LT/src/main/resources/db/migration/V2__add_plan_to_users.sql" <<'SQL'
alter table users add column plan text;
create table plans (id int primary key, name text not null);
update users set plan = 'free' where id < 100;
SQL
  echo "drop table plans; alter table users drop column plan;" >"$LT/src/main/resources/db/migration/U2__add_plan_to_users.sql"
  cli_trace >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; } # untimed: the scratch cluster
  alternate lint-trace - c_trace
  WORKLOAD_LABEL="lint trace, typical migration"
  row lint-trace start "scratch PostgreSQL ready (migrate's log)" - time -
  row lint-trace beyond_start "build before the first traced migration + trace + blocker rehearsal (migrate's log)" - time "< 1"
  row lint-trace trace "migrate lint --lint.trace true (CLI, whole command)" - time -
  note "lint trace: the blocker rehearsal's probe waits 200 ms for each statement that queues behind the open reader" \
    "(here the ALTER TABLE); with a profile lockTimeout it waits that long instead, which proves the timeout fires"
  rm -rf "$LT"
}
