import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Applied V1 create users table (V1__create_users_table.sql) in ')
assert log.contains('upgrade stopped: migration V2__add_nickname_then_fail.sql failed at line 5: ')
assert log.contains('relation "no_such_table" does not exist')
assert log.contains('V2__add_nickname_then_fail.sql was rolled back and is not applied')
assert log.contains('1 earlier migration of this run stays applied (V1__create_users_table.sql)')
assert log.contains('the database is at version 1')
assert ItDatabase.appliedVersions(basedir) == ['1']
assert ItDatabase.number(basedir, "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'nickname'") == 0
assert ItDatabase.number(basedir, "select count(*) from migrate_audit where version = '2' and outcome = 'failed'") == 1
assert !log.contains('s3cret-Test-Pw')
return true
