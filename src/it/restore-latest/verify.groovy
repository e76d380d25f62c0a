import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'backups/dev')
def dumps = dir.listFiles().findAll { it.name ==~ /dev-\d{8}-\d{6}-v2/ && it.isDirectory() }
assert dumps.size() == 1 : dir.list()
assert log.contains('Applied V3 add songs table (V3__add_songs_table.sql) in ')
assert log.contains('Restored ' + dumps[0].name + ' into ')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !ItDatabase.tableExists(basedir, 'songs')
assert ItDatabase.column(basedir, 'select email from users order by id') == ['ada@example.org', 'grace@example.org', 'bot@example.org']
assert !log.contains('s3cret-Test-Pw')
return true
