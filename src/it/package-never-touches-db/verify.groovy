import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('migrate-maven-plugin:')
assert !log.contains('--- migrate:')
assert !log.contains('could not connect')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
