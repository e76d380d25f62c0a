import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def bad = new File(basedir, 'pom.xml/backups').canonicalPath
assert log.contains('cannot write backups to ' + bad)
assert log.contains('set backup.directory in environments/prod.yml')
assert log.contains('[preflight] FAILED in ')
assert !log.contains('[backup staging]')
assert log.contains('BUILD ERROR') || log.contains('BUILD FAILURE')
assert ItDatabase.appliedVersions(basedir, 'staging') == []
assert ItDatabase.appliedVersions(basedir, 'prod') == []
assert !ItDatabase.tableExists(basedir, 'staging', 'users')
assert !ItDatabase.tableExists(basedir, 'prod', 'users')
assert new File(basedir, 'pom.xml').isFile()
def report = new File(basedir, 'target/migrate').listFiles().find { it.name.endsWith('.json') }
assert report.text.contains('"outcome": "stopped"')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
