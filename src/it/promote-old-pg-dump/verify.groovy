import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def server = ItDatabase.number(basedir, 'staging', 'show server_version_num') / 10000 as int
assert log.contains('pg_dump 11 cannot back up PostgreSQL ' + server + ' on 127.0.0.1:')
assert log.contains(': that needs pg_dump ' + server + ' or newer, and the one found is ')
assert log.contains('(version 11.22), in the folder -Dmigrate.pgBinDir names; nothing was changed (install'
        + ' postgresql-client-' + server + ', for example apt-get install postgresql-client-' + server)
assert log.contains('[preflight] FAILED in ')
assert !log.contains('[backup staging]')
assert !log.contains('must not be run')
assert ItDatabase.appliedVersions(basedir, 'staging') == []
assert ItDatabase.appliedVersions(basedir, 'prod') == []
def report = new File(basedir, 'target/migrate').listFiles().find { it.name.endsWith('.json') }
assert report.text.contains('"outcome": "stopped"')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
