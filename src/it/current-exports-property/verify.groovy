import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Current version: 2 (add name to users)')
assert log.contains('exported migrate.current=2')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
