import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def plan = new File(basedir, 'target/plan.sql').text
assert log.contains('Plan of 2 pending migrations (version 1 to 3) written to ')
assert plan.startsWith('-- migrate plan: the SQL that upgrade would run, in order\n')
assert plan.contains('\\set ON_ERROR_STOP on\n')
assert plan.contains('-- current version: 1\n')
assert plan.contains('begin;\nalter table users add column name text;\n')
assert plan.contains('create index concurrently users_email_idx on users (email);\n')
assert plan.contains('insert into "public"."flyway_schema_history"')
assert plan.contains("E'V3__add_users_email_index.sql'")
assert plan.contains('insert into "public".migrate_audit')
// the plan changed nothing: the database is still at version 1
assert ItDatabase.appliedVersions(basedir) == ['1']
assert ItDatabase.number(basedir, "select count(*) from pg_indexes where indexname = 'users_email_idx'") == 0
assert !log.contains('s3cret-Test-Pw')
assert !plan.contains('s3cret-Test-Pw')
return true
