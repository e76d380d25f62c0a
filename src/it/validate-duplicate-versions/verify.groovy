import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('version 2 is used by V2__add_name_to_users.sql and V2__add_phone_to_users.sql')
assert log.contains("validate found 2 problems in 6 migration files; nothing was changed")
assert log.contains('checksums were not compared with the history table, because Flyway cannot resolve duplicate versions')
assert !log.contains('Found more than one migration')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
