# Schema intelligence on a 300-table schema (issue 14's targets): the drift check of an environment (a snapshot of the
# live database, the applied migration built on the scratch server and read, the two compared: the scratch server's
# start included) in under 3 s, against pg_dump --schema-only of the same database for scale; the snapshot alone and
# a diff of two snapshot files for context; and the rollback rehearsal of 100 migrations in under 30 s.

SCHEMA_TABLES=${BENCH_SCHEMA_TABLES:-300}
REHEARSE_N=${BENCH_REHEARSE_N:-100}

# schema_sql <n>: n tables (identity key, a foreign key to the one before, a unique, a check, 8 columns, 2 indexes
# one partial, a comment), a trigger on every third, a view on every tenth
schema_sql() {
  local n=$1 i
  echo 'create function touch() returns trigger language plpgsql as $$ begin new.updated_at = now(); return new; end $$;'
  for i in $(seq 1 "$n"); do
    echo "create table t_$i (id bigint generated always as identity primary key,$( [ "$i" -gt 1 ] && echo " parent_id bigint references t_$((i - 1)) (id),") code text not null unique, name varchar(100) not null, amount numeric(12,2) not null default 0 check (amount >= 0), status text not null default 'new', created_at timestamptz not null default now(), updated_at timestamptz);"
    echo "create index t_${i}_name_idx on t_$i (name);"
    echo "create index t_${i}_open_idx on t_$i (created_at) where status <> 'done';"
    echo "comment on table t_$i is 'table $i of the benchmark';"
    [ $((i % 3)) -eq 0 ] && echo "create trigger t_${i}_touch before update on t_$i for each row execute function touch();"
    [ $((i % 10)) -eq 0 ] && echo "create view v_$i as select id, name from t_$i where status = 'new';"
  done
}

workload_schema() {
  # its own binary cache and server records: the scratch servers of this workload never meet another run's
  export MIGRATE_CACHE_DIR=$WORK/schema-cache
  P=$WORK/schema-project
  rm -rf "$P"
  mkdir -p "$P/src/main/resources/db/migration"
  schema_sql "$SCHEMA_TABLES" >"$P/src/main/resources/db/migration/V1__create_schema.sql"
  echo "drop schema public cascade; create schema public;" >"$P/src/main/resources/db/migration/U1__create_schema.sql"
  fresh_db
  # untimed: the environment migrated by migrate (its history says V1), and the scratch server's cluster made once
  cli upgrade >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  cli check >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  local objects
  objects=$($PSQL -d "$DB" -tAc "select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public') + (select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public') + (select count(*) from pg_constraint) + (select count(*) from pg_trigger) + (select count(*) from pg_depend)")
  cli snapshot --output "$WORK/live.json" >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  cp "$WORK/live.json" "$WORK/live-copy.json"
  c_pg_dump_schema() { pg_dump -s -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -f "$WORK/schema.sql"; }
  c_snapshot() { cli snapshot --output "$WORK/live.json"; }
  c_diff_files() { cli diff --from "$WORK/live.json" --to "$WORK/live-copy.json"; }
  c_check() { cli check; }
  alternate schema - c_pg_dump_schema c_snapshot c_diff_files c_check
  WORKLOAD_LABEL="schema of $SCHEMA_TABLES tables"
  row schema pg_dump_schema "pg_dump --schema-only (for scale)" - time -
  row schema snapshot "migrate snapshot (CLI: JVM, catalog read, JSON)" pg_dump_schema time -
  row schema diff_files "migrate diff of two snapshot files (CLI)" pg_dump_schema time -
  row schema check "migrate check (CLI): live snapshot + the applied files built on the scratch server + diff" - time "< 3"
  note "schema: $SCHEMA_TABLES tables, $(grep -o '"public\.[^"]*" :' "$WORK/live.json" | wc -l) snapshot objects, $objects catalog rows" \
    "(pg_class, pg_attribute of the schema; pg_constraint, pg_trigger, pg_depend)"

  # the rehearsal: REHEARSE_N migrations, each a table with an index and its undo
  local R=$WORK/rehearse-project i
  rm -rf "$R"
  mkdir -p "$R/src/main/resources/db/migration"
  for i in $(seq 1 "$REHEARSE_N"); do
    printf 'create table r_%s (id int primary key, name text not null, created_at timestamptz not null default now());\ncreate index r_%s_name_idx on r_%s (name);\n' \
      "$i" "$i" "$i" >"$R/src/main/resources/db/migration/V${i}__create_table_${i}.sql"
    echo "drop table r_$i;" >"$R/src/main/resources/db/migration/U${i}__create_table_${i}.sql"
  done
  java -jar "$CLI" test-rollback --project-dir "$R" >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  c_test_rollback() { java -jar "$CLI" test-rollback --project-dir "$R"; }
  alternate schema - c_test_rollback
  WORKLOAD_LABEL="rehearsal of $REHEARSE_N migrations"
  row schema test_rollback "migrate test-rollback (CLI): apply, undo, compare, apply again, compare, each" - time "< 30"
  drop_dbs
  rm -rf "$P" "$R" "$MIGRATE_CACHE_DIR"
  unset MIGRATE_CACHE_DIR
}
