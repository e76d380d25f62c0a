def log = new File(basedir, 'build.log').text
assert log.count('could not connect to the database: ') >= 2
assert log.contains('[DEBUG]')
assert !log.contains('Cli-Pw-0816')
assert !log.contains('Settings-Pw-0817')
assert !log.contains("the database password is set in the POM's <configuration>")
assert !log.contains('s3cret-Test-Pw')
return true
