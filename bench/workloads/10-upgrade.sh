# Upgrade of 1,000 small migrations (table + index + 10 rows each) on an empty database. The floor: all files in
# one psql session, each in its own BEGIN/COMMIT. Also Flyway's and Liquibase's Maven plugins on the same changes
# (Liquibase: one formatted-SQL changelog, a changeset per migration). make_project, fresh_db: bench/lib.sh.

workload_upgrade() {
  N=$BENCH_N
  P=$WORK/project
  make_project "$P" "$N"
  resolve_plugins
  floor_sql "$P" "$WORK/floor.sql"
  c_floor() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/floor.sql"; }
  c_cli() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -jar "$CLI" upgrade --project-dir "$P"; }
  c_mvn() { $MVN -f "$P/pom.xml" migrate:upgrade -Dmigrate.url="jdbc:postgresql://127.0.0.1:$PORT/$DB" -Dmigrate.user=postgres; }
  c_psql_per_file() { local f; for f in $(ls "$P"/src/main/resources/db/migration/V*.sql | sort -V); do $PSQL -d "$DB" -v ON_ERROR_STOP=1 -1 -f "$f"; done; }
  # the same CLI with every migration through Flyway's own migrate (the diagnostic switch): what the lean executor saves
  c_cli_flyway_executor() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -Ddbmigrate.executor=flyway -jar "$CLI" upgrade --project-dir "$P"; }
  # the same CLI with the JIT's C2 compiler off: how much the JVM's compiler threads, competing with the server for
  # the 2 cores, cost
  c_cli_c1() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 java -jar "$CLI" upgrade --project-dir "$P"; }
  c_flyway() { mvn_flyway migrate; }
  c_liquibase() { mvn_liquibase update; }
  # each contender on a fresh database; the next preparation checks that the previous contender created every table
  PREV=""
  prep_fresh() { [ -z "$PREV" ] || expect_tables "$N" "$PREV"; PREV=$1; fresh_db; }
  alternate upgrade prep_fresh c_floor c_cli c_mvn c_psql_per_file c_flyway c_liquibase c_cli_flyway_executor c_cli_c1
  expect_tables "$N" "$PREV"
  drop_dbs
  rm -rf "$P"
  WORKLOAD_LABEL="upgrade of $N small migrations"
  row upgrade floor "floor: one psql session, BEGIN/COMMIT per file" - time -
  row upgrade cli "migrate CLI (java -jar)" floor time "<= 1.1"
  row upgrade mvn "mvn migrate:upgrade" floor time "<= 1.3"
  row upgrade psql_per_file "psql -1 -f per file" floor time -
  row upgrade cli_c1 "migrate CLI, JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 (C1 only)" floor time -
  row upgrade cli_flyway_executor "migrate CLI, -Ddbmigrate.executor=flyway (Flyway's migrate)" floor time -
  row upgrade flyway "mvn flyway:migrate (flyway-maven-plugin $FLYWAY_PLUGIN_VERSION)" floor time -
  row upgrade liquibase "mvn liquibase:update (liquibase-maven-plugin $LIQUIBASE_PLUGIN_VERSION, one SQL changelog)" floor time -
  note "upgrade: issue #6 quotes, measured elsewhere, flyway-maven-plugin at 2.0x and liquibase-maven-plugin at 1.9-2.0x the floor"
}
