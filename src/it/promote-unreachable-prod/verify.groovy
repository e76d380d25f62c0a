import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('promote stopped before changing anything: ')
assert log.contains('promote stopped before changing anything: cannot reach prod (jdbc:postgresql://127.0.0.1:1/it_promote_unreachable_prod_prod): could not connect to the database: ')
assert log.contains('nothing was changed (check that the server is running')
assert log.contains('BUILD ERROR') || log.contains('BUILD FAILURE')
assert !log.contains('[backup staging]')
assert !log.contains('[upgrade staging]')
assert ItDatabase.appliedVersions(basedir, 'staging') == []
assert !ItDatabase.tableExists(basedir, 'staging', 'users')
assert !new File(basedir, 'backups/staging').exists() || new File(basedir, 'backups/staging').list().length == 0
def report = new File(basedir, 'target/migrate').listFiles().find { it.name.endsWith('.json') }
assert report.text.contains('"outcome": "stopped"')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
