def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]')
// runs 1 and 2 connect with the password in -Dmigrate.url (libpq and JDBC forms) and succeed
assert log.count('BUILD SUCCESS') == 2
assert log.contains('Current version: <none>')
// the -X parameter dump never shows it: url is read from the session, not injected
assert !log.contains('(f) url =')
assert !log.contains('s3cret-Test-Pw')
// run 3: an unescaped @, / and # in the password are refused with the fix, the URL not shown
assert log.contains('migrate.url cannot be read unambiguously')
assert log.contains('@ as %40, / as %2F, ? as %3F, # as %23')
assert !log.contains('Url@Pw')
// the password's part after the '/' (the -X dump's timings hold digit runs of their own)
assert !log.contains('Pw/0819') && !log.contains('/0819#') && !log.contains('0819#x')
// runs 4 and 5: a URL with a password in the POM's <configuration> is warned about, in both forms
assert log.count("[WARNING] migrate: the database URL in the POM's <configuration> holds a password") == 2
assert !log.contains('Pom-Libpq-Pw-0820')
assert !log.contains('Pom-Jdbc-Pw-0821')
assert log.count('could not connect to the database: ') == 2
return true
