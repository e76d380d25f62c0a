import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def problem = log.readLines().find { it.contains('invalid: ') && it.contains('checksum') }
assert problem != null
assert problem.contains('1')
// this project's words, not Flyway's advice to repair: the file, both checksums, and that repair runs nothing
assert problem.contains('checksum mismatch: V1__create_users_table.sql was changed after version 1 was applied (the history table records checksum ')
assert problem.contains(', the file now has checksum ')
assert problem.contains('migrate:repair would only record the file\'s new checksum in the history table and run nothing')
assert !log.contains('rd.gt')
assert log.contains('(only recorded in the history table: none of the file\'s SQL was run, the database keeps what was applied)')
assert log.contains('validate found 1 problem in 2 migration files; nothing was changed')
assert log.contains('repair: ')
assert log.contains('validate: 2 migration files are valid')
assert ItDatabase.appliedVersions(basedir) == ['1']
def sum = ItDatabase.number(basedir, "select checksum from flyway_schema_history where version = '1'")
assert sum != 0
assert !log.contains('s3cret-Test-Pw')
return true
