import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('init refused: schema public already holds tables but no history table public.flyway_schema_history; nothing was changed')
assert log.contains('-Dmigrate.baselineVersion=N')
assert !log.contains('Applied V')
assert ItDatabase.number(basedir, 'select count(*) from legacy_users') == 2
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !ItDatabase.tableExists(basedir, 'users')
assert !log.contains('s3cret-Test-Pw')
return true
