# Backup of two ~1 GB databases (bench/data.sh): pgbench's (compresses ~56:1) and one of random-looking text
# (~2:1). Each format of migrate's backup (the CLI: java -jar ... backup) against pg_dump with the same format, jobs
# and compression; and the profile's default against a plain pg_dump -Fc. Also the size scaling (a quarter of the
# data) and the archive sizes, as notes.
source "$ROOT/bench/data.sh"

# The contenders back up $BK_DB (tag $BK_TAG) into $WORK/bk/<tag>_<contender>; prep_backup deletes that first.
c_pg_dump_fc() { pg_dump -h 127.0.0.1 -p "$PORT" -U postgres -Fc -f "$WORK/bk/${BK_TAG}_ref_fc" "$BK_DB"; }
c_pg_dump_fc_z1() { pg_dump -h 127.0.0.1 -p "$PORT" -U postgres -Fc -Z1 -f "$WORK/bk/${BK_TAG}_ref_fc_z1" "$BK_DB"; }
c_pg_dump_default() {
  # shellcheck disable=SC2086
  pg_dump -h 127.0.0.1 -p "$PORT" -U postgres $DEFAULT_DUMP_OPTIONS -f "$WORK/bk/${BK_TAG}_ref_default" "$BK_DB"
}
c_cli_fc6() { cli_backup "${BK_TAG}_fc6"; }
c_cli_fc1() { cli_backup "${BK_TAG}_fc1"; }
c_cli_default() { cli_backup "${BK_TAG}_default"; }
prep_backup() {
  local c=${1#c_}
  case $c in pg_dump_*) rm -rf "$WORK/bk/${BK_TAG}_ref_${c#pg_dump_}";; cli_*) rm -rf "$WORK/bk/${BK_TAG}_${c#cli_}";; esac
  settle
}

# backup_rows <workload> <label> <with the 2x target: yes|no>
backup_rows() {
  local w=$1
  WORKLOAD_LABEL=$2
  row "$w" pg_dump_fc "pg_dump -Fc (plain: gzip 6, one job)" - time -
  row "$w" pg_dump_fc_z1 "pg_dump -Fc -Z1" - time -
  row "$w" pg_dump_default "pg_dump $DEFAULT_DUMP_OPTIONS (the profile default's options)" - time -
  row "$w" cli_fc6 "migrate backup, custom, compression 6 (vs pg_dump -Fc)" pg_dump_fc throughput ">= 0.95"
  row "$w" cli_fc1 "migrate backup, custom, compression 1 (vs pg_dump -Fc -Z1)" pg_dump_fc_z1 throughput ">= 0.95"
  row "$w" cli_default "migrate backup, profile default (vs pg_dump $DEFAULT_DUMP_OPTIONS)" pg_dump_default throughput ">= 0.95"
  if [ "$3" = yes ]; then
    row "$w" cli_default "migrate backup, profile default (vs plain pg_dump -Fc)" pg_dump_fc throughput ">= 2"
  else
    row "$w" cli_default "migrate backup, profile default (vs plain pg_dump -Fc)" pg_dump_fc throughput -
  fi
}

# size_note <tag> <database>: the archive sizes of the last run
size_note() {
  local tag=$1 db=$2 fc
  fc=$(path_bytes "$WORK/bk/${tag}_ref_fc")
  note "backup sizes, $db ($(mb "$(db_bytes "$db")") MB): pg_dump -Fc $(mb "$fc") MB;" \
    "-Fc -Z1 $(mb "$(path_bytes "$WORK/bk/${tag}_ref_fc_z1")") MB;" \
    "migrate custom/6 $(mb "$(path_bytes "$(latest_backup "${tag}_fc6")")") MB;" \
    "migrate custom/1 $(mb "$(path_bytes "$(latest_backup "${tag}_fc1")")") MB;" \
    "migrate profile default $(mb "$(path_bytes "$(latest_backup "${tag}_default")")") MB" \
    "($(echo "$(path_bytes "$(latest_backup "${tag}_default")") $fc" | awk '{printf "%.2f", $1 / $2}')x the size of -Fc)"
}

workload_backup() {
  ensure_data
  backup_project
  BK_DB=data_text BK_TAG=text
  alternate backup_text prep_backup c_pg_dump_fc c_pg_dump_fc_z1 c_pg_dump_default c_cli_fc6 c_cli_fc1 c_cli_default
  BK_DB=data_pgbench BK_TAG=pgbench
  alternate backup_pgbench prep_backup c_pg_dump_fc c_pg_dump_fc_z1 c_pg_dump_default c_cli_fc6 c_cli_fc1 c_cli_default
  # size scaling: the default and its reference on a quarter of the data
  BK_DB=data_text_q BK_TAG=text_q
  alternate backup_text_q prep_backup c_pg_dump_default c_cli_default
  BK_DB=data_pgbench_q BK_TAG=pgbench_q
  alternate backup_pgbench_q prep_backup c_pg_dump_default c_cli_default

  local text pgb
  text=$(mb "$(db_bytes data_text)"); pgb=$(mb "$(db_bytes data_pgbench)")
  backup_rows backup_text "backup, random text ($text MB)" yes
  backup_rows backup_pgbench "backup, pgbench ($pgb MB)" no
  size_note text data_text
  size_note pgbench data_pgbench
  local tag full
  for tag in text pgbench; do
    full=$(db_bytes "data_$tag")
    note "size scaling, backup of data_$tag: profile default $(mbps "$full" "backup_$tag/cli_default") MB/s at" \
      "$(mb "$full") MB, $(mbps "$(db_bytes "data_${tag}_q")" "backup_${tag}_q/cli_default") MB/s at" \
      "$(mb "$(db_bytes "data_${tag}_q")") MB; pg_dump $DEFAULT_DUMP_OPTIONS $(mbps "$full" "backup_$tag/pg_dump_default")" \
      "and $(mbps "$(db_bytes "data_${tag}_q")" "backup_${tag}_q/pg_dump_default") MB/s" \
      "(the fixed cost of the JVM, the connection and the checks weighs more on the smaller one)"
  done
  # the references' archives are no longer needed; migrate's stay for the restore workload
  rm -rf "$WORK"/bk/*_ref_*
}
