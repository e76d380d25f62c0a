# Restore of the backups of 50-backup.sh (made here when that workload did not run) into an empty database:
# migrate's restore (the CLI) against pg_restore of the same archive. migrate's restore is atomic: it turns the
# archive into SQL (pg_restore -f) that psql runs in one transaction, so a failed restore leaves the database as it
# was. pg_restore's only atomic mode, --single-transaction, is the reference with the target; plain pg_restore (with
# -j2 for the directory format, as the backup was written) is shown beside it.
source "$ROOT/bench/data.sh"

# fresh_target: drops the previous restore target and creates an empty one, $RS_DB (untimed)
fresh_target() {
  $PSQL -d postgres -c "set client_min_messages = warning" -c "drop database if exists bench_restore" -c "create database bench_restore" -c checkpoint
  RS_DB=bench_restore
  settle
}
prep_restore() { fresh_target; }

# The contenders restore $RS_ARCHIVE (written by migrate for environment $RS_ENV; $RS_JOBS: pg_restore's jobs).
c_pg_restore() { pg_restore -h 127.0.0.1 -p "$PORT" -U postgres -d "$RS_DB" ${RS_JOBS:+-j "$RS_JOBS"} "$RS_ARCHIVE"; }
c_pg_restore_1() { pg_restore -h 127.0.0.1 -p "$PORT" -U postgres -d "$RS_DB" --single-transaction "$RS_ARCHIVE"; }
c_cli_restore() {
  java -jar "$CLI" restore --project-dir "$BP" --env "$RS_ENV" --allowEmpty \
    --url "postgresql://postgres@127.0.0.1:$PORT/$RS_DB" --backup "$(basename "$RS_ARCHIVE")"
}

# restore_case <workload id> <environment> <contender...>: times the contenders on the newest backup of environment
restore_case() {
  local w=$1 env=$2; shift 2
  RS_ENV=$env
  RS_ARCHIVE=$(latest_backup "$env")
  if [ -z "$RS_ARCHIVE" ]; then
    cli_backup "$env" >"$WORK/out.txt" 2>&1 || { tail -20 "$WORK/out.txt" >&2; exit 1; }
    RS_ARCHIVE=$(latest_backup "$env")
  fi
  RS_JOBS=""
  [ -d "$RS_ARCHIVE" ] && RS_JOBS=2
  alternate "$w" prep_restore "$@"
}

# restore_rows <workload id> <label>
restore_rows() {
  WORKLOAD_LABEL=$2
  local plain="pg_restore (not atomic)"
  case $1 in *_default) plain="pg_restore -j2 (not atomic)";; esac
  row "$1" pg_restore "$plain" - time -
  row "$1" pg_restore_1 "pg_restore --single-transaction (atomic)" - time -
  row "$1" cli_restore "migrate restore (atomic; vs pg_restore --single-transaction)" pg_restore_1 throughput ">= 0.95"
  row "$1" cli_restore "migrate restore (vs $plain)" pg_restore throughput -
}

workload_restore() {
  ensure_data
  backup_project
  local tag variant
  for tag in text pgbench; do
    for variant in fc1 default; do
      restore_case "restore_${tag}_$variant" "${tag}_$variant" c_pg_restore c_pg_restore_1 c_cli_restore
    done
  done
  # size scaling: the default's archive of a quarter of the data
  for tag in text_q pgbench_q; do
    restore_case "restore_${tag}_default" "${tag}_default" c_pg_restore_1 c_cli_restore
  done
  $PSQL -d postgres -c "set client_min_messages = warning" -c "drop database if exists bench_restore"

  local size
  for tag in text pgbench; do
    size=$(mb "$(db_bytes "data_$tag")")
    restore_rows "restore_${tag}_fc1" "restore, ${tag/text/random text}, custom archive, compression 1 ($size MB)"
    restore_rows "restore_${tag}_default" "restore, ${tag/text/random text}, profile default archive ($size MB)"
  done
  local full quarter
  for tag in text pgbench; do
    full=$(db_bytes "data_$tag"); quarter=$(db_bytes "data_${tag}_q")
    note "size scaling, restore of data_$tag (profile default archive): migrate $(mbps "$full" "restore_${tag}_default/cli_restore")" \
      "MB/s at $(mb "$full") MB, $(mbps "$quarter" "restore_${tag}_q_default/cli_restore") MB/s at $(mb "$quarter") MB;" \
      "pg_restore --single-transaction $(mbps "$full" "restore_${tag}_default/pg_restore_1") and" \
      "$(mbps "$quarter" "restore_${tag}_q_default/pg_restore_1") MB/s (MB of the database restored)"
  done
  note "restore: migrate's restore is atomic (one transaction: a failed restore leaves the database as it was) and" \
    "first checks the archive's SHA-256, so its reference is pg_restore --single-transaction of the same archive into an" \
    "empty database; pg_restore -j2 is faster on several cores because its jobs load tables in parallel sessions," \
    "which one transaction cannot do"
  rm -rf "$WORK/bk"
}
