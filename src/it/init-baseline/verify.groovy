import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Recording version 1 as the baseline of the existing schema public')
assert !log.contains('Applied V1 ')
assert log.contains('Applied V2 add name to users (V2__add_name_to_users.sql) in ')
assert log.contains('init finished: 1 migration applied')
assert ItDatabase.column(basedir, "select version || ':' || type from flyway_schema_history where version is not null order by installed_rank") == ['1:BASELINE', '2:SQL']
assert ItDatabase.number(basedir, 'select count(*) from users') == 1
assert ItDatabase.number(basedir, "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'name'") == 1
assert !log.contains('s3cret-Test-Pw')
return true
