# How the CLI's upgrade and no-op upgrade grow with the number of migrations: 100, 1,000 and 5,000 (BENCH_SCALING
# overrides the list). Each size: RUNS upgrades, each on a fresh database, then RUNS no-op upgrades on the last one.
# Rows without reference; the notes give the time per migration (start-up included, so it falls as N grows when the
# per-migration cost is flat).

workload_scaling() {
  local n sizes=${BENCH_SCALING:-100 1000 5000} med per
  c_upgrade() { cli upgrade; }
  c_noop() { cli upgrade; }
  PREV=""
  prep_fresh() { [ -z "$PREV" ] || expect_tables "$N" "$PREV"; PREV=$1; fresh_db; }
  WORKLOAD_LABEL="scaling of the CLI"
  for n in $sizes; do
    N=$n
    P=$WORK/project-$n
    make_project "$P" "$n"
    PREV=""
    alternate "scaling_$n" prep_fresh c_upgrade
    expect_tables "$n" "upgrade of $n"
    alternate "scaling_noop_$n" - c_noop
    expect_tables "$n" "no-op upgrade of $n"
    drop_dbs
    rm -rf "$P"
    row "scaling_$n" upgrade "CLI upgrade of $n migrations" - time -
    row "scaling_noop_$n" noop "CLI no-op upgrade, $n applied" - time -
  done
  for n in $sizes; do
    read -r med _ <<<"$(stats "scaling_$n/upgrade")"
    per=$(echo "scale=2; $med * 1000 / $n" | bc); case $per in .*) per="0$per";; esac
    note "CLI upgrade of $n migrations: $med s, $per ms per migration"
    read -r med _ <<<"$(stats "scaling_noop_$n/noop")"
    per=$(echo "scale=3; $med * 1000 / $n" | bc); case $per in .*) per="0$per";; esac
    note "CLI no-op upgrade with $n applied: $med s, $per ms per applied migration"
  done
}
