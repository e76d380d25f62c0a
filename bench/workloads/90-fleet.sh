# Many tenants: 40 databases (x BENCH_SCALE, at least 8) on the bench server, each getting the same 10 pending
# migrations through the CLI's upgrade, by 1, 2 and 4 parallel workers (xargs -P); extrapolated to 1,000 databases.
source "$ROOT/bench/data.sh"
source "$ROOT/bench/workloads/10-upgrade.sh"

FLEET_MIGRATIONS=10

prep_fleet() {
  local i
  {
    echo "set client_min_messages = warning;"
    for i in $(seq 1 "$FLEET_DBS"); do
      echo "drop database if exists fleet_$i;"
      echo "create database fleet_$i;"
    done
  } | $PSQL -d postgres -v ON_ERROR_STOP=1
  $PSQL -d postgres -c checkpoint
  settle
}

# fleet_upgrade <workers>: the CLI's upgrade of every tenant, <workers> at a time
fleet_upgrade() {
  seq 1 "$FLEET_DBS" | xargs -P "$1" -I{} java -jar "$CLI" upgrade --project-dir "$WORK/fleet-project" \
    --url "postgresql://postgres@127.0.0.1:$PORT/fleet_{}"
}
c_cli_1_worker() { fleet_upgrade 1; }
c_cli_2_workers() { fleet_upgrade 2; }
c_cli_4_workers() { fleet_upgrade 4; }
# the floor: each tenant's files in one psql session, each in its own transaction, 2 at a time
c_psql_2_workers() {
  seq 1 "$FLEET_DBS" | xargs -P 2 -I{} $PSQL -d fleet_{} -v ON_ERROR_STOP=1 -f "$WORK/fleet.sql"
}

workload_fleet() {
  FLEET_DBS=$(scaled 40 8)
  make_project "$WORK/fleet-project" "$FLEET_MIGRATIONS"
  local i
  for i in $(seq 1 "$FLEET_MIGRATIONS"); do
    echo "begin;"; cat "$WORK/fleet-project/src/main/resources/db/migration/V${i}__create_table_${i}.sql"; echo "commit;"
  done >"$WORK/fleet.sql"
  alternate fleet prep_fleet c_cli_1_worker c_cli_2_workers c_cli_4_workers c_psql_2_workers
  for i in $(seq 1 "$FLEET_DBS"); do echo "drop database fleet_$i;"; done | $PSQL -d postgres -v ON_ERROR_STOP=1
  WORKLOAD_LABEL="fleet: $FLEET_DBS databases x $FLEET_MIGRATIONS migrations"
  row fleet cli_1_worker "migrate CLI upgrade per database, 1 worker" - time -
  row fleet cli_2_workers "migrate CLI upgrade per database, 2 workers (vs 1)" cli_1_worker throughput -
  row fleet cli_4_workers "migrate CLI upgrade per database, 4 workers (vs 1)" cli_1_worker throughput -
  row fleet psql_2_workers "floor: one psql session per database, 2 workers" - time -
  local w c med
  for w in 1 2 4; do
    c=cli_${w}_worker; [ "$w" -gt 1 ] && c=${c}s
    med=$(median "fleet/$c")
    note "fleet, extrapolated to 1,000 databases with $w worker$([ "$w" -gt 1 ] && echo s):" \
      "$(echo "$med $FLEET_DBS" | awk '{printf "%.0f s (%.1f min)", $1 * 1000 / $2, $1 * 1000 / $2 / 60}')" \
      "($(echo "$med $FLEET_DBS $w" | awk '{printf "%.2f", $1 * $3 / $2}') s per database and worker)"
  done
  note "fleet: this machine has $(nproc) cores, so more than $(nproc) workers only help while a worker waits on I/O" \
    "(its JVM starting, the server's commits); each CLI run pays for a JVM start and a connection"
}
