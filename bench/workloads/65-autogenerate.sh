# Autogenerate on a 300-table schema (issue 15's target: generation in under 5 s): create -Dmigrate.autogenerate=true
# from an empty project to the benchmark's schema (both built and read in throwaway databases, the plan, the proof:
# apply, undo, apply again, each compared), and a change of one table and one index on top of that schema (the 300
# tables built by the migrations, the desired schema loaded, the proof on the 300 tables). The scratch server's start
# is included; its cluster is made once, untimed.

[ "$(type -t schema_sql)" = function ] || source bench/workloads/60-schema.sh

workload_autogenerate() {
  export MIGRATE_CACHE_DIR=$WORK/autogenerate-cache
  local A=$WORK/autogenerate-project C=$WORK/autogenerate-change
  rm -rf "$A" "$C"
  mkdir -p "$A/src/main/resources/db/migration" "$C/src/main/resources/db/migration"
  schema_sql "$SCHEMA_TABLES" >"$A/src/main/resources/db/schema.sql"
  # the change: the same schema built by one migration, the desired schema with one table and one index more
  schema_sql "$SCHEMA_TABLES" >"$C/src/main/resources/db/migration/V1__create_schema.sql"
  echo "drop schema public cascade; create schema public;" >"$C/src/main/resources/db/migration/U1__create_schema.sql"
  { schema_sql "$SCHEMA_TABLES"
    echo "create table user_preferences (user_id bigint primary key references t_1 (id), theme text not null default 'light');"
    echo "create index t_2_status_idx on t_2 (status);"; } >"$C/src/main/resources/db/schema.sql"
  c_from_empty() {
    rm -f "$A"/src/main/resources/db/migration/*.sql
    java -jar "$CLI" create --autogenerate true --versionScheme sequential --message "Create the schema" --project-dir "$A"
  }
  c_change() {
    rm -f "$C"/src/main/resources/db/migration/[VU][23]__*.sql
    java -jar "$CLI" create --autogenerate true --versionScheme sequential --message "Add user preferences" --project-dir "$C"
  }
  # untimed: each scratch cluster made once, and the outputs checked
  c_from_empty >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  c_change >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  ls "$C/src/main/resources/db/migration" | grep -q '^V3__index_t_2_status_idx.sql$' \
    || { echo "autogenerate: the change did not write V3__index_t_2_status_idx.sql" >&2; exit 1; }
  alternate autogenerate - c_from_empty c_change
  WORKLOAD_LABEL="autogenerate, schema of $SCHEMA_TABLES tables"
  row autogenerate from_empty "migrate create --autogenerate (CLI): empty project to the whole schema, proven" - time "< 5"
  row autogenerate change "migrate create --autogenerate (CLI): one table and one index on top of it, proven" - time -
  note "autogenerate: $(grep -c '' "$A/src/main/resources/db/migration/V1__create_the_schema.sql") lines in the whole schema's migration"
  rm -rf "$A" "$C" "$MIGRATE_CACHE_DIR"
  unset MIGRATE_CACHE_DIR
}
