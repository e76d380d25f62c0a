import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("drop refused: environment 'prod' is protected and -Dmigrate.confirm=it_other does not match the database name; nothing was dropped")
assert log.contains("Environment 'prod' is protected: backing it up before the drop")
assert new File(basedir, 'backups/prod').list().any { it ==~ /prod-\d{8}-\d{6}-v1/ }
assert log.contains('Dropped table public.users')
assert log.contains('objects dropped from database it_drop_protected_confirmed')
assert !ItDatabase.tableExists(basedir, 'users')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert ItDatabase.tableExists(basedir, 'migrate_audit')
assert !log.contains('s3cret-Test-Pw')
return true
