import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Current version: 1 (create users table)')
assert log.contains('Pending migrations: 1')
assert log.contains('pending V2 add name to users (V2__add_name_to_users.sql)')
assert log.contains('1 migration is pending on environment dev (current version 1); nothing was changed (run migrate:upgrade with the same -Dmigrate.url first')
assert ItDatabase.appliedVersions(basedir) == ['1']
assert !log.contains('s3cret-Test-Pw')
return true
