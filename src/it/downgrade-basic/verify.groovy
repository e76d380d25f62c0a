import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('Undid V3 add users email index (V3__add_users_email_index.sql) with U3__add_users_email_index.sql in ')
assert log.contains('downgrade finished: 1 migration undone')
assert log.contains('went from version 3 to 2')
assert log.contains('Undid V2 add name to users (V2__add_name_to_users.sql) with U2__add_name_to_users.sql in ')
assert log.contains('Undid V1 create users table (V1__create_users_table.sql) with U1__create_users_table.sql in ')
assert log.contains('downgrade finished: 2 migrations undone')
assert log.contains('went from version 2 to <none>')
assert log.count('upgrade finished: 3 migrations applied') == 2
assert ItDatabase.appliedVersions(basedir) == ['1', '2', '3']
assert ItDatabase.number(basedir, 'select count(*) from flyway_schema_history where version is not null') == 3
assert ItDatabase.number(basedir, "select count(*) from pg_indexes where indexname = 'users_email_idx'") == 1
assert ItDatabase.column(basedir, "select version from migrate_audit where command = 'downgrade' and outcome = 'success' order by id") == ['3', '2', '1']
assert ItDatabase.number(basedir, "select count(*) from migrate_audit where command = 'upgrade' and outcome = 'success'") == 6
assert !log.contains('s3cret-Test-Pw')
return true
