# The upgrade of 10-upgrade.sh with this build's CLI and another build's side by side, alternating on one server, so
# that a change in the ratio to the floor can be told apart from a change of the machine:
#   BENCH_BASELINE_CLI=/path/to/migrate-orchestrator-<version>-cli.jar bench/run 5 upgrade-baseline
# Without BENCH_BASELINE_CLI it does nothing.

workload_upgrade-baseline() {
  [ -n "${BENCH_BASELINE_CLI:-}" ] || { echo "upgrade-baseline: BENCH_BASELINE_CLI is not set; skipped" >&2; return 0; }
  N=$BENCH_N
  P=$WORK/project
  make_project "$P" "$N"
  floor_sql "$P" "$WORK/floor.sql"
  c_floor() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/floor.sql"; }
  c_cli() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -jar "$CLI" upgrade --project-dir "$P"; }
  c_baseline() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -jar "$BENCH_BASELINE_CLI" upgrade --project-dir "$P"; }
  PREV=""
  prep_fresh() { [ -z "$PREV" ] || expect_tables "$N" "$PREV"; PREV=$1; fresh_db; }
  alternate upgrade-baseline prep_fresh c_floor c_cli c_baseline
  expect_tables "$N" "$PREV"
  drop_dbs
  rm -rf "$P"
  WORKLOAD_LABEL="upgrade of $N small migrations, two builds"
  row upgrade-baseline floor "floor: one psql session, BEGIN/COMMIT per file" - time -
  row upgrade-baseline cli "migrate CLI (this build)" floor time "<= 1.1"
  row upgrade-baseline baseline "migrate CLI (the other build: $BENCH_BASELINE_CLI)" floor time -
  row upgrade-baseline cli "migrate CLI (this build) against the other build" baseline time -
}
