def log = new File(basedir, 'build.log').text
assert log.count('could not connect to the database: ') >= 2
assert log.contains('[DEBUG]')
// a database that refuses the login is a build error (MojoExecutionException), not a failure
assert log.contains('org.apache.maven.plugin.MojoExecutionException: could not connect to the database')
assert !log.contains('Cli-Pw-0816')
assert !log.contains('Settings-Pw-0817')
assert !log.contains("the database password is set in the POM's <configuration>")
assert !log.contains('s3cret-Test-Pw')
return true
