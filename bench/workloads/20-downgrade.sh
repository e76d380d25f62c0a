# Downgrade of 1,000 applied migrations to version 0 (each undo script drops its table). Reference: the upgrade floor
# (all 1,000 files in one psql session, each in its own BEGIN/COMMIT), measured here too, so the ratio says what
# undoing costs compared to the cheapest way of doing. The downgrade floors (1,000 `drop table` in one psql session,
# each in its own transaction, and all in one transaction as Alembic runs a downgrade by default) are there for
# context. Flyway's free edition has no undo, so no flyway contender.

workload_downgrade() {
  N=$BENCH_N
  P=$WORK/project
  make_project "$P" "$N"
  resolve_plugins
  floor_sql "$P" "$WORK/floor.sql"
  local i
  ( for i in $(seq "$N" -1 1); do echo "begin;"; echo "drop table t_$i;"; echo "commit;"; done ) >"$WORK/down-floor.sql"
  ( echo "begin;"; for i in $(seq "$N" -1 1); do echo "drop table t_$i;"; done; echo "commit;" ) >"$WORK/down-floor-1.sql"
  c_upgrade_floor() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/floor.sql"; }
  c_down_floor() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/down-floor.sql"; }
  c_down_floor_1() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/down-floor-1.sql"; }
  c_cli() { cli downgrade --target 0; }
  c_mvn() { mvn_migrate downgrade -Dmigrate.target=0; }
  c_liquibase() { mvn_liquibase rollback -Dliquibase.rollbackCount="$N"; }
  # untimed: a fresh database with the migrations applied the way the contender expects them (by the floor for the
  # downgrade floor, by Liquibase for Liquibase, by the CLI for ours); the previous contender's result is checked
  PREV=""
  prep_applied() {
    if [ -n "$PREV" ]; then
      if [ "$PREV" = c_upgrade_floor ]; then expect_tables "$N" "$PREV"; else expect_tables 0 "$PREV"; fi
    fi
    PREV=$1
    fresh_db
    case $1 in
      c_upgrade_floor) ;;
      c_down_floor | c_down_floor_1) c_upgrade_floor ;;
      c_liquibase) mvn_liquibase update >"$WORK/prepare.txt" 2>&1 ;;
      *) cli upgrade >"$WORK/prepare.txt" 2>&1 ;;
    esac || { echo "preparing $1 failed:" >&2; tail -40 "$WORK/prepare.txt" >&2; exit 1; }
    [ "$1" = c_upgrade_floor ] || expect_tables "$N" "the preparation of $1"
  }
  alternate downgrade prep_applied c_upgrade_floor c_down_floor c_down_floor_1 c_cli c_mvn c_liquibase
  expect_tables 0 "$PREV"
  drop_dbs
  rm -rf "$P"
  WORKLOAD_LABEL="downgrade of $N migrations to 0"
  row downgrade upgrade_floor "reference: the upgrade floor (one psql session, BEGIN/COMMIT per file)" - time -
  row downgrade down_floor "downgrade floor: one psql session, drop table per transaction" upgrade_floor time -
  row downgrade down_floor_1 "downgrade floor: one psql session, every drop table in one transaction (Alembic's default)" upgrade_floor time -
  row downgrade cli "migrate CLI downgrade --target 0" upgrade_floor time "<= 0.5"
  row downgrade mvn "mvn migrate:downgrade -Dmigrate.target=0" upgrade_floor time -
  note "downgrade: no Flyway contender, undo migrations are not in Flyway's free edition"
  row downgrade liquibase "mvn liquibase:rollback -Dliquibase.rollbackCount=$N (liquibase-maven-plugin $LIQUIBASE_PLUGIN_VERSION)" upgrade_floor time -
}
