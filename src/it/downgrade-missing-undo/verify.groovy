import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('downgrade refused: no undo script U2__add_name_to_users.sql in src/main/resources/db/migration; nothing was changed')
assert !log.contains('Undid ')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.number(basedir, "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'name'") == 1
assert ItDatabase.number(basedir, "select count(*) from migrate_audit where command = 'downgrade'") == 0
assert !log.contains('s3cret-Test-Pw')
return true
