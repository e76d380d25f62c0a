import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('migrate: skipped for multi-module-root: an aggregator project without migrations')
assert log.contains('migrate: skipped (migrate.skip=true)')
assert log.contains('Applied V1 create users table (V1__create_users_table.sql) in ')
assert log.contains('Applied V2 add name to users (V2__add_name_to_users.sql) in ')
assert log.contains('Current version: 2 (add name to users)')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
