import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 1 migration applied')
assert log.contains("drop refused: environment 'prod' is protected and nobody confirmed it (the run is not interactive: mvn -B, CI=true or no console); nothing was dropped")
assert log.contains('-Dmigrate.confirm=it_drop_protected_refused')
assert !log.contains('Dropped ')
assert ItDatabase.tableExists(basedir, 'users')
assert ItDatabase.appliedVersions(basedir) == ['1']
assert !log.contains('s3cret-Test-Pw')
return true
