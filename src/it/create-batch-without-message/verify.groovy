import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('create needs a message and nobody can be asked for one (the build is not interactive); nothing was written')
assert log.contains('-Dmigrate.message=')
def folder = new File(basedir, 'src/main/resources/db/migration')
assert !folder.exists() || folder.list().length == 0
assert !log.contains('s3cret-Test-Pw')
return true
