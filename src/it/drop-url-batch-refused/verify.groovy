import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 2 migrations applied')
assert log.contains("drop refused: database it_drop_url_batch_refused (")
assert log.contains(", from migrate.url) is not the embedded development database and nobody confirmed it (the run is not interactive: mvn -B, CI=true or no console); nothing was dropped (to drop every object in schema public of database it_drop_url_batch_refused, run mvn migrate:drop -Dmigrate.confirm=it_drop_url_batch_refused with the same -Dmigrate.url)")
assert log.contains("is not the embedded development database and -Dmigrate.confirm=it_other does not match the database name; nothing was dropped")
assert !log.contains('Dropped ')
assert ItDatabase.tableExists(basedir, 'users')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.number(basedir, "select count(*) from users") == 0
assert !new File(basedir, 'backups').exists()
assert !log.contains('s3cret-Test-Pw')
return true
