import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("unknown environment 'staging': environments/staging.yml does not exist")
assert !log.contains('Applied V')
// a user's mistake is a build failure (MojoFailureException), not a build error
assert log.contains('org.apache.maven.plugin.MojoFailureException: unknown environment')
assert !ItDatabase.tableExists(basedir, 'flyway_schema_history')
assert !log.contains('s3cret-Test-Pw')
return true
