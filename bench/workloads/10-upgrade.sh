# Upgrade of 1,000 small migrations (table + index + 10 rows each) on an empty database. The floor: all files in
# one psql session, each in its own BEGIN/COMMIT.

# make_project <dir> <n>: a Maven project with n migrations and their undo scripts (deterministic)
make_project() {
  local p=$1 n=$2 i
  mkdir -p "$p/src/main/resources/db/migration"
  for i in $(seq 1 "$n"); do
    cat >"$p/src/main/resources/db/migration/V${i}__create_table_${i}.sql" <<SQL
create table t_$i (id int primary key, name text not null, created_at timestamptz not null default now());
create index t_${i}_name_idx on t_$i (name);
insert into t_$i (id, name) select g, 'row ' || g || ' of $i' from generate_series(1, 10) g;
SQL
    echo "drop table t_$i;" >"$p/src/main/resources/db/migration/U${i}__create_table_${i}.sql"
  done
  cat >"$p/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>dev.dbmigrate</groupId><artifactId>migrate-maven-plugin</artifactId>
<version>$VERSION</version></plugin></plugins></build></project>
POM
}

# fresh_db: a new empty database named $DB, after a checkpoint. Databases are not dropped between runs (dropping one
# with thousands of relations keeps the disk busy long after, which made the next contender's time swing by 2x);
# drop_dbs removes them when the workload is done.
DB_SEQ=0
fresh_db() {
  DB_SEQ=$((DB_SEQ + 1)); DB=bench_$DB_SEQ
  $PSQL -d postgres -c "create database $DB" -c checkpoint
}
drop_dbs() {
  local i; for i in $(seq 1 "$DB_SEQ"); do $PSQL -d postgres -c "drop database if exists bench_$i"; done
  $PSQL -d postgres -c checkpoint
}

workload_upgrade() {
  N=1000
  P=$WORK/project
  make_project "$P" "$N"
  ( for i in $(seq 1 $N); do echo "begin;"; cat "$P/src/main/resources/db/migration/V${i}__create_table_${i}.sql"; echo "commit;"; done ) >"$WORK/floor.sql"
  c_floor() { $PSQL -d "$DB" -v ON_ERROR_STOP=1 -f "$WORK/floor.sql"; }
  c_cli() { DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$DB" java -jar "$CLI" upgrade --project-dir "$P"; }
  c_mvn() { $MVN -f "$P/pom.xml" migrate:upgrade -Dmigrate.url="jdbc:postgresql://127.0.0.1:$PORT/$DB" -Dmigrate.user=postgres; }
  c_psql_per_file() { local f; for f in $(ls "$P"/src/main/resources/db/migration/V*.sql | sort -V); do $PSQL -d "$DB" -v ON_ERROR_STOP=1 -1 -f "$f"; done; }
  prep_fresh() { fresh_db; }
  alternate upgrade prep_fresh c_floor c_cli c_mvn c_psql_per_file
  drop_dbs
  WORKLOAD_LABEL="upgrade of $N small migrations"
  row upgrade floor "floor: one psql session, BEGIN/COMMIT per file" - time -
  row upgrade cli "migrate CLI (java -jar)" floor time "<= 1.1"
  row upgrade mvn "mvn migrate:upgrade" floor time "<= 1.3"
  row upgrade psql_per_file "psql -1 -f per file" floor time -
}
