import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('could not connect to the database: ')
assert log.contains('check the user and password')
assert log.contains('nothing was changed')
assert !log.contains('Wrong-Pw-4711')
assert log.contains("[WARNING] migrate: the database password is set in the POM's <configuration>; Maven prints the resolved configuration with -X")
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
