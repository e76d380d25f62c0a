import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('the migration location ' + new File(basedir, 'src/main/resources/db/migration').canonicalPath + ' does not exist; nothing was changed')
assert log.contains('-Dmigrate.allowEmpty=true')
assert log.contains('no migration was pending')
assert ItDatabase.appliedVersions(basedir) == []
assert !log.contains('s3cret-Test-Pw')
return true
