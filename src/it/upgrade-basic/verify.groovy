import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Applied V1 create users table (V1__create_users_table.sql) in ')
assert log.contains('upgrade finished: 2 migrations applied')
assert log.contains('Applied V3 add users email index (V3__add_users_email_index.sql) in ')
assert log.contains('upgrade finished: 1 migration applied')
assert log.contains('is up to date at version 3; no migration was pending')
assert ItDatabase.appliedVersions(basedir) == ['1', '2', '3']
assert ItDatabase.number(basedir, "select count(*) from pg_indexes where indexname = 'users_email_idx'") == 1
assert ItDatabase.number(basedir, "select count(*) from migrate_audit where command = 'upgrade' and outcome = 'success'") == 3
assert !log.contains('s3cret-Test-Pw')
return true
