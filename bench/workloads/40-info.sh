# Read-only goals with 1,000 migrations applied (by the CLI, untimed): history and current against flyway:info,
# validate against flyway:validate (Flyway's goals on the same database: ours writes Flyway's history rows). Each
# reads the history table and resolves (and checksums) the 1,000 files. Targets: no slower than Flyway.

workload_info() {
  N=$BENCH_N
  P=$WORK/project
  make_project "$P" "$N"
  resolve_plugins
  fresh_db
  cli upgrade >"$WORK/prepare.txt" 2>&1 || { echo "preparing info failed:" >&2; tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  c_flyway_info() { mvn_flyway info; }
  c_flyway_validate() { mvn_flyway validate; }
  c_history() { mvn_migrate history; }
  c_current() { mvn_migrate current; }
  c_validate() { mvn_migrate validate; }
  alternate info - c_flyway_info c_history c_current c_flyway_validate c_validate
  expect_tables "$N" "info"
  drop_dbs
  rm -rf "$P"
  WORKLOAD_LABEL="history, current, validate; $N applied"
  row info flyway_info "mvn flyway:info (flyway-maven-plugin $FLYWAY_PLUGIN_VERSION)" - time -
  row info history "mvn migrate:history" flyway_info time "<= 1.0"
  row info current "mvn migrate:current" flyway_info time "<= 1.0"
  row info flyway_validate "mvn flyway:validate" - time -
  row info validate "mvn migrate:validate" flyway_validate time "<= 1.0"
}
