import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('the database and the migration files disagree on environment dev (current version 3): ')
assert log.contains('V2__late_branch.sql is older than the current version 3 but was never applied (apply it with migrate:upgrade -Dmigrate.outOfOrder=true with the same -Dmigrate.url if it does not depend on the newer ones, or give it a newer version)')
assert log.contains('version 3 (V3__create_songs.sql) is applied but its file is not in src/main/resources/db/migration (restore V3__create_songs.sql from version control; if it was removed on purpose, run migrate:repair with the same -Dmigrate.url to record version 3 as deleted)')
assert log.contains('nothing was changed (fix each as said, then run migrate:current -Dmigrate.failIfPending=true with the same -Dmigrate.url again)')
assert log.contains('validate found 2 problems in 4 migration files; nothing was changed: ')
assert log.contains('[WARNING] invalid: V2__late_branch.sql is older than the current version 3 but was never applied')
assert log.contains('[WARNING] invalid: version 3 (V3__create_songs.sql) is applied but its file is not in')
assert ItDatabase.appliedVersions(basedir) == ['1', '3']
assert !ItDatabase.tableExists(basedir, 'tabs')
assert !log.contains('s3cret-Test-Pw')
return true
