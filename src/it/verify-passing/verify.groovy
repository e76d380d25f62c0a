import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("verify 'every user has an email': passed (0 rows, expected 0) in ")
assert log.contains("verify 'three users': passed (value '3', expected '3') in ")
assert log.contains('verify: 2 checks passed in ')
assert log.contains('BUILD SUCCESS')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
