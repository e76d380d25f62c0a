import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Applied V1 create users table (V1__create_users_table.sql) in ')
assert log.contains('Applied V2 add name to users (V2__add_name_to_users.sql) in ')
assert log.contains('init finished: 2 migrations applied')
assert ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.number(basedir, "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'name'") == 1
assert ItDatabase.number(basedir, "select count(*) from migrate_audit where command = 'init' and outcome = 'success'") == 2
assert !log.contains('s3cret-Test-Pw')
return true
