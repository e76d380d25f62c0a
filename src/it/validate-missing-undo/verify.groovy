import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] invalid: V2__add_name_to_users.sql has no undo script U2__add_name_to_users.sql (downgrade cannot undo it): write it, or pass -Dmigrate.requireUndo=false')
assert log.contains('validate found 1 problem in 3 migration files; nothing was changed')
assert log.contains('[WARNING] V2__add_name_to_users.sql has no undo script U2__add_name_to_users.sql')
assert log.contains('validate: 3 migration files are valid')
assert log.contains("migrate.requireUndo = 'maybe' is not valid (use true or false)")
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
