import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def problem = log.readLines().find { it.contains('invalid: ') && it.contains('checksum') }
assert problem != null
assert problem.contains('1')
assert log.contains('validate found 1 problem in 2 migration files; nothing was changed')
assert log.contains('repair: ')
assert log.contains('validate: 2 migration files are valid')
assert ItDatabase.appliedVersions(basedir) == ['1']
def sum = ItDatabase.number(basedir, "select checksum from flyway_schema_history where version = '1'")
assert sum != 0
assert !log.contains('s3cret-Test-Pw')
return true
