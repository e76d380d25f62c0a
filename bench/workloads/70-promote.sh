# Promotion of 10 pending migrations from a ~1 GB staging database to a ~1 GB production database (two databases of
# pgbench's data on the bench server, both at version 1): `mvn migrate:promote` against the sum of the raw steps it
# stands for: for each database pg_dump (the profile default's options), psql -1 -f per migration file and the
# verification queries in one psql session.
source "$ROOT/bench/data.sh"

PP=$WORK/promote-project

# promote_migrations <dir>: V1 (the baseline both databases are at) and 10 small deterministic changes, with undo scripts
promote_migrations() {
  local m=$1/src/main/resources/db/migration
  mkdir -p "$m"
  echo "comment on table pgbench_accounts is 'bench baseline';" >"$m/V1__baseline.sql"
  echo "comment on table pgbench_accounts is null;" >"$m/U1__baseline.sql"
  cat >"$m/V2__create_audit_events.sql" <<'SQL'
create table audit_events (id bigserial primary key, aid int not null, kind text not null,
                           at timestamptz not null default now());
SQL
  echo "drop table audit_events;" >"$m/U2__create_audit_events.sql"
  echo "alter table pgbench_accounts add column status text;" >"$m/V3__add_status_to_accounts.sql"
  echo "alter table pgbench_accounts drop column status;" >"$m/U3__add_status_to_accounts.sql"
  echo "alter table pgbench_branches add column region text not null default 'north';" >"$m/V4__add_region_to_branches.sql"
  echo "alter table pgbench_branches drop column region;" >"$m/U4__add_region_to_branches.sql"
  echo "create index pgbench_tellers_bid_idx on pgbench_tellers (bid);" >"$m/V5__index_tellers_by_branch.sql"
  echo "drop index pgbench_tellers_bid_idx;" >"$m/U5__index_tellers_by_branch.sql"
  echo "insert into audit_events (aid, kind) select g, 'seed' from generate_series(1, 1000) g;" >"$m/V6__seed_audit_events.sql"
  echo "delete from audit_events where kind = 'seed';" >"$m/U6__seed_audit_events.sql"
  echo "update pgbench_branches set region = case when bid % 2 = 0 then 'south' else 'north' end;" >"$m/V7__set_branch_regions.sql"
  echo "update pgbench_branches set region = 'north';" >"$m/U7__set_branch_regions.sql"
  echo "create view branch_balances as select bid, region, bbalance from pgbench_branches;" >"$m/V8__create_branch_balances.sql"
  echo "drop view branch_balances;" >"$m/U8__create_branch_balances.sql"
  echo "alter table pgbench_tellers add constraint tellers_tbalance_floor check (tbalance >= -100000000) not valid;" \
    >"$m/V9__add_tellers_balance_floor.sql"
  echo "alter table pgbench_tellers drop constraint tellers_tbalance_floor;" >"$m/U9__add_tellers_balance_floor.sql"
  cat >"$m/V10__create_account_status.sql" <<'SQL'
create function account_status(a int) returns text language sql stable
as $$ select coalesce(status, 'active') from pgbench_accounts where aid = a $$;
SQL
  echo "drop function account_status(int);" >"$m/U10__create_account_status.sql"
  echo "comment on table audit_events is 'events of the bench promotion';" >"$m/V11__comment_audit_events.sql"
  echo "comment on table audit_events is null;" >"$m/U11__comment_audit_events.sql"
}

# the verification queries, in the profiles and in the raw steps
PROMOTE_CHECKS=(
  "select bid from pgbench_branches where region is null"
  "select count(*) from audit_events"
  "select indexname from pg_indexes where schemaname = 'public' and indexname = 'pgbench_tellers_bid_idx'"
)

promote_project() {
  [ -d "$PP" ] && return
  promote_migrations "$PP"
  mkdir -p "$PP/environments"
  cat >"$PP/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>promote</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>dev.dbmigrate</groupId><artifactId>migrate-maven-plugin</artifactId>
<version>$VERSION</version></plugin></plugins></build></project>
POM
  local env db
  for env in staging prod; do
    db=promo_$env
    {
      echo "url: postgresql://postgres@127.0.0.1:$PORT/$db"
      if [ "$env" = prod ]; then echo "protected: true"; fi
      echo "backup: { directory: $WORK/promote-bk/$env }"
      echo "verify:"
      echo "  - name: every branch has a region"
      echo "    sql: ${PROMOTE_CHECKS[0]}"
      echo "    expect: { rows: 0 }"
      echo "  - name: the audit events are seeded"
      echo "    sql: ${PROMOTE_CHECKS[1]}"
      echo "    expect: { equals: \"1000\" }"
      echo "  - name: tellers are indexed by branch"
      echo "    sql: ${PROMOTE_CHECKS[2]}"
      echo "    expect: { rows: 1 }"
      if [ "$env" = staging ]; then echo "promotesTo: prod"; fi
    } >"$PP/environments/$env.yml"
  done
}

# promote_base: the template both databases are copied from: pgbench's data recorded as version 1 (migrate:init with
# baselineVersion 1, as an existing database adopts migrate)
promote_base() {
  $PSQL -d postgres -c "create database promo_base template data_pgbench"
  java -jar "$CLI" init --project-dir "$PP" --url "postgresql://postgres@127.0.0.1:$PORT/promo_base" --baselineVersion 1 \
    --target 1 \
    >"$WORK/out.txt" 2>&1 || { tail -20 "$WORK/out.txt" >&2; exit 1; }
}

prep_promote() {
  $PSQL -d postgres -c "set client_min_messages = warning" \
    -c "drop database if exists promo_staging" -c "drop database if exists promo_prod" \
    -c "create database promo_staging template promo_base" -c "create database promo_prod template promo_base" \
    -c checkpoint
  rm -rf "$WORK/promote-bk"
  mkdir -p "$WORK/promote-bk"
  settle
}

c_raw_steps() {
  local env f q args
  for env in staging prod; do
    # shellcheck disable=SC2086
    pg_dump -h 127.0.0.1 -p "$PORT" -U postgres $DEFAULT_DUMP_OPTIONS -f "$WORK/promote-bk/raw-$env" "promo_$env"
    for f in $(ls "$PP"/src/main/resources/db/migration/V*.sql | sort -V | tail -n +2); do
      $PSQL -d "promo_$env" -v ON_ERROR_STOP=1 -1 -f "$f"
    done
    args=()
    for q in "${PROMOTE_CHECKS[@]}"; do args+=(-c "$q"); done
    $PSQL -d "promo_$env" -v ON_ERROR_STOP=1 "${args[@]}"
  done
}
c_mvn_promote() { $MVN -f "$PP/pom.xml" migrate:promote -Dmigrate.from=staging -Dmigrate.to=prod; }
c_cli_promote() { java -jar "$CLI" promote --project-dir "$PP" --from staging --to prod; }

workload_promote() {
  ensure_db data_pgbench
  promote_project
  promote_base
  alternate promote prep_promote c_raw_steps c_mvn_promote c_cli_promote
  # the last promotion left both databases at version 11
  local v
  v=$($PSQL -d promo_prod -Atc "select max(version::int) from flyway_schema_history where success")
  [ "$v" = 11 ] || { echo "promote: prod is at version $v after the promotion, not 11" >&2; exit 1; }
  $PSQL -d postgres -c "drop database promo_staging" -c "drop database promo_prod" -c "drop database promo_base"
  rm -rf "$WORK/promote-bk"
  WORKLOAD_LABEL="promote staging -> prod, 10 migrations, 2 x $(mb "$(db_bytes data_pgbench)") MB"
  row promote raw_steps "raw steps: pg_dump $DEFAULT_DUMP_OPTIONS, psql -1 -f per file, checks; both databases" - time -
  row promote mvn_promote "mvn migrate:promote" raw_steps time "<= 1.15"
  row promote cli_promote "migrate CLI promote (java -jar)" raw_steps time -
  note "promote: on top of the raw steps, migrate:promote checks both databases and the tools first (preflight)," \
    "records the promotion in both databases, checksums and lists each backup, writes history and audit rows, reports" \
    "database and table sizes before and after, and writes the JSON, Markdown and JUnit reports; Maven's start-up" \
    "is the difference between the mvn and CLI rows"
}
