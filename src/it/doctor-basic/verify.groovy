import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('using the embedded PostgreSQL with data in target/migrate/embedded')
assert log.contains('Doctor of dev (jdbc:postgresql://')
assert log =~ /\[PASS\] connection: connected to jdbc:postgresql:\/\/\S+ as postgres; not encrypted \(no TLS\)/
assert log.contains('[PASS] server version: PostgreSQL 15')
assert log.contains('[PASS] privileges: USAGE and CREATE on public; may alter the 1 existing table the pending migrations name')
assert log.contains('[PASS] history table: public.flyway_schema_history: no failed migration, every applied file unchanged (4 files checked)')
assert log.contains('[PASS] pg_dump/pg_restore: pg_dump ')
assert log.contains('[SKIPPED] backup folder: no environments/dev.yml, so no backup section')
assert log.contains('[PASS] timeouts: lockTimeout not set, statementTimeout not set (not protected: none required)')
assert log.contains('[PASS] invalid indexes: none in public')
assert log.contains('doctor on dev: 8 checks, 7 passed, 0 warnings, 0 failed, 1 skipped')
assert !log.contains('[FAIL]')

def report = new JsonSlurper().parse(new File(basedir, 'target/doctor.json'))
assert report.environment == 'dev'
assert report.healthy == true
assert report.checks*.name == ['connection', 'server version', 'privileges', 'history table', 'pg_dump/pg_restore', 'backup folder', 'timeouts', 'invalid indexes']
assert report.checks*.status == ['pass', 'pass', 'pass', 'pass', 'pass', 'skipped', 'pass', 'pass']
assert log.contains('doctor on dev: 8 checks, 7 passed, 0 warnings, 0 failed, 1 skipped; written to target/doctor.json')

// the doctor changed nothing: V2 is still pending, no backup folder was made
assert log.contains('upgrade finished: 1 migration applied')
assert !new File(basedir, 'backups').exists()
assert !log.contains('s3cret-Test-Pw')
return true
