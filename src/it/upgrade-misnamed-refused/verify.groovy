import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade refused: 2 files in src/main/resources/db/migration look like migrations but do not follow the naming, so they would never run')
assert log.contains('V2_add_tabs.sql (version and description are separated by two underscores, not \'_\': rename it to V2__add_tabs.sql)')
assert log.contains('archive/v3__add_songs.sql (the prefix v must be a capital V: rename it to V3__add_songs.sql)')
assert log.contains('nothing was changed (the expected forms are V<version>__<description>.sql, U<version>__<description>.sql or R__<description>.sql')
assert log.contains('or pass -Dmigrate.ignoreMisnamed=true to skip such files knowingly)')
assert log.contains('current refused: 2 files in src/main/resources/db/migration look like migrations')
assert log.contains('skipping V2_add_tabs.sql (version and description are separated by two underscores')
assert log.contains('Applied V1 create users table (V1__create_users_table.sql)')
// only the third build applied anything, and only the well-named migration
assert ItDatabase.appliedVersions(basedir) == ['1']
assert !ItDatabase.tableExists(basedir, 'tabs')
assert !ItDatabase.tableExists(basedir, 'songs')
assert !log.contains('s3cret-Test-Pw')
return true
