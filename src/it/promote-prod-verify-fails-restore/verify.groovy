import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("verify 'no bot accounts in production': FAILED: ")
assert log.contains('[verify prod] FAILED in ')
assert log.contains('[rollback prod (restore)] passed in ')
assert log.contains('[verify prod after rollback] passed in ')
assert log.contains('promote stopped: verify prod failed: ')
assert log =~ /staging promoted from version 1 to 2 and verified/
assert log =~ /prod rolled back to version 1 \(restored from [^)]*\) and verified/
assert log.contains('BUILD FAILURE')

// prod: schema and every row exactly as before the promotion; staging promoted
def before = new File(basedir, 'target/prod-before.txt').text
assert before.contains('row (10,only-in-prod@example.org)')
assert ItDatabase.snapshot(basedir, 'prod') == before
assert ItDatabase.appliedVersions(basedir, 'prod') == ['1']
assert ItDatabase.appliedVersions(basedir, 'staging') == ['1', '2']
assert ItDatabase.number(basedir, 'staging', 'select count(*) from users') == 3
def report = new File(basedir, 'target/migrate').listFiles().find { it.name.endsWith('.json') }
assert report.text.contains('"outcome": "rolled-back"')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
