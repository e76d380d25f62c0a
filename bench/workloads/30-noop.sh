# No-op upgrade: the 1,000 migrations are already applied (by the CLI, untimed), so an upgrade only has to find that
# nothing is pending. Reference: `mvn validate` on the same project, which binds no plugin: Maven's start-up alone.
# flyway:migrate runs on the same database (ours writes Flyway's flyway_schema_history rows), validating every
# applied migration's checksum first as Flyway does by default. Target: ours no slower than flyway:migrate.

workload_noop() {
  N=$BENCH_N
  P=$WORK/project
  make_project "$P" "$N"
  resolve_plugins
  fresh_db
  cli upgrade >"$WORK/prepare.txt" 2>&1 || { echo "preparing noop failed:" >&2; tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  local before; before=$($PSQL -d "$DB" -tAc "select count(*), max(installed_rank) from flyway_schema_history")
  c_mvn_validate() { $MVN -f "$P/pom.xml" validate; }
  c_mvn() { mvn_migrate upgrade; }
  c_flyway() { mvn_flyway migrate; }
  alternate noop - c_mvn_validate c_mvn c_flyway
  # a no-op changes nothing: same history, same tables
  expect_tables "$N" "noop"
  [ "$($PSQL -d "$DB" -tAc "select count(*), max(installed_rank) from flyway_schema_history")" = "$before" ] \
    || { echo "a no-op contender changed the history table" >&2; exit 1; }
  drop_dbs
  rm -rf "$P"
  WORKLOAD_LABEL="no-op upgrade, $N applied"
  row noop mvn_validate "reference: mvn validate (Maven start-up)" - time -
  row noop mvn "mvn migrate:upgrade" mvn_validate time -
  row noop flyway "mvn flyway:migrate (flyway-maven-plugin $FLYWAY_PLUGIN_VERSION)" mvn_validate time -
  row noop mvn "migrate:upgrade vs flyway:migrate" flyway time "<= 1.0"
  note "no-op upgrade: flyway:migrate runs on the database our CLI migrated and validates its history rows (checksums) before finding nothing to do"
}
