import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def folder = new File(basedir, 'src/main/resources/db/migration')
def names = folder.list().sort()
assert names.size() == 2 : names
def v = names.find { it.startsWith('V') }
def u = names.find { it.startsWith('U') }
assert v ==~ /V\d{14}__add_user_preferences_table\.sql/
assert u == 'U' + v.substring(1)
assert new File(folder, v).text.startsWith('-- Add user preferences table\n')
assert new File(folder, u).text.contains('Undo of ' + v)
assert log.contains('Created src/main/resources/db/migration/' + v)
assert log.contains('Created src/main/resources/db/migration/' + u + ' (write the SQL that reverses the migration')
assert !log.contains('does not start with an action word')
assert !log.contains('could not connect')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
