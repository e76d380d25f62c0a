import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('migrate: skipped (migrate.skip=true)')
assert log.contains('migrate.url')
assert log.contains('not-a-database-url')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
