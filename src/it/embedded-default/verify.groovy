import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('using the embedded PostgreSQL with data in target/migrate/embedded')
assert log.contains('upgrade finished: 2 migrations applied')
assert log.contains('Current version: 2 (add name to users)')
assert log.contains('Pending migrations: 0')
assert new File(basedir, 'target/migrate/embedded/data/PG_VERSION').isFile()
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
