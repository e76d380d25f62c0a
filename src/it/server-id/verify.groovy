import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 1 migration applied')
assert ItDatabase.appliedVersions(basedir) == ['1']
assert ItDatabase.column(basedir, "select installed_by from flyway_schema_history where version = '1'") == ['postgres']
assert !log.contains('s3cret-Test-Pw')
return true
