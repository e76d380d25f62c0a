import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("[WARNING] the name 'user_preferences_table' does not start with an action word")
assert log.contains('add_user_preferences_table')
def names = new File(basedir, 'src/main/resources/db/migration').list().sort()
assert names.size() == 2 : names
assert names.every { it ==~ /[UV]\d{14}__user_preferences_table\.sql/ }
assert !log.contains('s3cret-Test-Pw')
return true
