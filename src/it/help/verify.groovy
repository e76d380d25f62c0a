import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
for (goal in ['init', 'drop', 'create', 'upgrade', 'downgrade', 'history', 'current', 'validate', 'repair', 'help']) {
    assert log.contains('migrate:' + goal) : goal
}
assert !log.contains('s3cret-Test-Pw')
return true
