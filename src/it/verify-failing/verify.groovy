import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains("verify 'every user has an email': passed (0 rows, expected 0) in ")
assert log.contains("verify 'no bots': FAILED: ")
assert log.contains('verify failed on environment dev: verify: 1 of 2 checks FAILED: ')
assert log.contains("'no bots' returned 1 row, expected 0 (first row: {id=3}); nothing was changed (verification only reads)")
assert log.contains('nothing was changed (verification only reads)')
assert log.contains('BUILD FAILURE')
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.column(basedir, 'select email from users order by id') == ['ada@example.org', 'grace@example.org', 'bot@example.org']
assert !log.contains('s3cret-Test-Pw')
return true
