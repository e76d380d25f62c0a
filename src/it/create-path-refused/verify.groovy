import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("migrate.message = '../../etc/x' contains a path")
assert log.contains('nothing was written')
def folder = new File(basedir, 'src/main/resources/db/migration')
assert !folder.exists() || folder.list().length == 0
def written = []
basedir.eachFileRecurse { if (it.name.endsWith('.sql')) written << it }
assert written.isEmpty() : written
assert !new File(basedir, '../../etc').exists() || !new File(basedir, '../../etc').list().any { it.endsWith('.sql') }
assert !log.contains('s3cret-Test-Pw')
return true
