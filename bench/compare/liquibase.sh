#!/usr/bin/env bash
# The comparison of docs/comparison.md, Liquibase's side: loads bench/compare/a.sql and b.sql into two databases and
# runs Liquibase 4.33's `diff` (liquibase-core alone, the Apache-licensed jar from Maven Central, through its CLI main
# class; analytics off) with A as the reference and B as the target, so Liquibase's "Missing" means "in A, not in B"
# and its "Unexpected" means "only in B". Not part of the test suite.
#
#   bench/compare/liquibase.sh [--keep]
#
# Starts a PostgreSQL 15 of this machine's binaries (BENCH_PG_BIN, as bench/run does) in a temporary folder on a free
# loopback port, or reuses a running server when COMPARE_PORT is set (127.0.0.1:$COMPARE_PORT, user postgres, trust).
# Databases: compare_a and compare_b (dropped and re-created). Writes, under target/compare/: liquibase-diff.txt (the
# report of the default types), liquibase-diff-storedprocedures.txt (stored procedures, asked for explicitly),
# liquibase-diff-pro-types.txt (its refusal of check constraints, triggers and functions),
# Liquibase's log of each (.log), and pg_dump -s of both databases (a.schema.sql, b.schema.sql). With --keep, a server
# it started keeps running afterwards and the script prints its URLs and the command that stops it, so other tools can
# diff the same two databases.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
KEEP=""
[ "${1:-}" = "--keep" ] && KEEP=1
SERVERS=()
source bench/lib.sh
OUT=$ROOT/target/compare
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/migrate-compare.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  if [ -z "$KEEP" ]; then bench_stop_all; rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ -n "${COMPARE_PORT:-}" ]; then
  PORT=$COMPARE_PORT
else
  bench_install
  # a free port: one nobody listens on
  while :; do
    PORT=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
  done
  bench_server "$WORK/data" "$PORT"
fi
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PORT -U postgres"

$PSQL -d postgres -c "set client_min_messages = warning" \
  -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'reporting') then create role reporting; end if; end \$\$" \
  -c "drop database if exists compare_a" -c "drop database if exists compare_b" \
  -c "create database compare_a" -c "create database compare_b"
$PSQL -d compare_a -f bench/compare/a.sql >/dev/null
$PSQL -d compare_b -f bench/compare/b.sql >/dev/null
# the pair as pg_dump sees it (diff target/compare/a.schema.sql target/compare/b.schema.sql shows every difference of
# bench/compare/expected.md)
PG_DUMP="$BIN/pg_dump"; [ -x "$PG_DUMP" ] || PG_DUMP=pg_dump
"$PG_DUMP" -s -h 127.0.0.1 -p "$PORT" -U postgres compare_a >"$OUT/a.schema.sql"
"$PG_DUMP" -s -h 127.0.0.1 -p "$PORT" -U postgres compare_b >"$OUT/b.schema.sql"

# liquibase-core, the PostgreSQL driver and picocli (an optional dependency of liquibase-core its CLI needs), nothing else (the Maven plugin would also bring liquibase-commercial,
# which is not under the Apache license)
LIQUIBASE_VERSION=$LIQUIBASE_PLUGIN_VERSION
cat >"$WORK/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>compare</groupId><artifactId>compare</artifactId><version>1</version><packaging>pom</packaging>
<dependencies>
  <dependency><groupId>org.liquibase</groupId><artifactId>liquibase-core</artifactId><version>$LIQUIBASE_VERSION</version></dependency>
  <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>$PGJDBC_VERSION</version></dependency>
  <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.7</version></dependency>
</dependencies></project>
POM
CLASSPATH_GOAL="org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=$WORK/cp.txt"
$MVN -f "$WORK/pom.xml" $CLASSPATH_GOAL >"$WORK/mvn.log" 2>&1 \
  || $MVN_ONLINE -f "$WORK/pom.xml" $CLASSPATH_GOAL >"$WORK/mvn.log" 2>&1 \
  || { echo "resolving liquibase-core $LIQUIBASE_VERSION failed:" >&2; tail -40 "$WORK/mvn.log" >&2; exit 1; }

URL_A="jdbc:postgresql://127.0.0.1:$PORT/compare_a"
URL_B="jdbc:postgresql://127.0.0.1:$PORT/compare_b"
# liquibase <log> <diff options...>: Liquibase's diff of the pair, over both schemas of the pair (public and audit);
# its console output on stdout
liquibase() {
  local log=$1; shift
  java $LIQUIBASE_OPTS -cp "$(cat "$WORK/cp.txt")" liquibase.integration.commandline.LiquibaseCommandLine \
    --show-banner=false --log-level=INFO --log-file="$log" \
    --url="$URL_B" --username=postgres --reference-url="$URL_A" --reference-username=postgres \
    --schemas=public,audit \
    diff "$@" 2>&1
}
# liquibase_diff <report> <diff options...>: the diff, its report written to <report>; stops the script when it fails
liquibase_diff() {
  local report=$1; shift
  liquibase "${report%.txt}.log" --output-file="$report" "$@" >"$WORK/liquibase.out" \
    || { echo "Liquibase's diff failed:" >&2; cat "$WORK/liquibase.out" >&2; exit 1; }
}
# the default types (those liquibase-core can snapshot)
liquibase_diff "$OUT/liquibase-diff.txt"
# stored procedures, a type liquibase-core names but leaves to Liquibase Pro to read; asked for explicitly
liquibase_diff "$OUT/liquibase-diff-storedprocedures.txt" --diff-types=storedprocedures
# check constraints, triggers and functions: types only Liquibase Pro's extension knows; liquibase-core refuses them
liquibase "$OUT/liquibase-diff-pro-types.log" --diff-types=checkconstraints,triggers,functions \
  >"$OUT/liquibase-diff-pro-types.txt" && { echo "liquibase-core accepted Pro's types; see $OUT/liquibase-diff-pro-types.txt" >&2; exit 1; }
echo "Liquibase $LIQUIBASE_VERSION diff (reference A = compare_a, target B = compare_b): $OUT/liquibase-diff*.txt"

if [ -n "$KEEP" ] && [ -z "${COMPARE_PORT:-}" ]; then
  echo "The server keeps running: A = $URL_A, B = $URL_B (user postgres, no password)."
  echo "Stop it with: $AS $BIN/pg_ctl -D $WORK/data -m fast stop && rm -rf $WORK"
fi
