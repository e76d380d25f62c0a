import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('[upgrade staging] FAILED in ')
assert log.contains('no_such_table')
assert log.contains('promote stopped: upgrade staging failed: ')
assert log.contains('prod not touched')
assert log.contains('BUILD FAILURE')
assert !log.contains('[backup prod] passed')
assert !log.contains('[upgrade prod] ...')
// staging back at version 1 with its data; prod never touched
assert ItDatabase.appliedVersions(basedir, 'staging') == ['1']
assert ItDatabase.column(basedir, 'staging', "select column_name from information_schema.columns where table_name = 'users' order by ordinal_position") == ['id', 'email']
assert ItDatabase.number(basedir, 'staging', 'select count(*) from users') == 2
assert !ItDatabase.tableExists(basedir, 'prod', 'flyway_schema_history')
assert !ItDatabase.tableExists(basedir, 'prod', 'users')
def report = new File(basedir, 'target/migrate').listFiles().find { it.name.endsWith('.json') }
assert report.text.contains('"outcome": "rolled-back"')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
