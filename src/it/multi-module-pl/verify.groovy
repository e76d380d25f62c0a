import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 2 migrations applied')
assert !log.contains('@ app ')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
