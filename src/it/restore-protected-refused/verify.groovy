import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("restore refused: environment 'prod' is protected and nobody confirmed it (the run is not interactive: mvn -B, CI=true or no console); nothing was changed")
assert log.contains('-Dmigrate.confirm=it_restore_protected_refused')
assert log.contains('BUILD FAILURE')
assert !log.contains('Restored ')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.number(basedir, 'select count(*) from users') == 3
assert !log.contains('s3cret-Test-Pw')
return true
