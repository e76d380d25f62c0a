import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def goals = ['init', 'drop', 'create', 'upgrade', 'downgrade', 'history', 'current', 'validate', 'repair', 'backup',
             'restore', 'verify', 'promote', 'help']
for (goal in goals) {
    assert log.contains('migrate:' + goal) : goal
}
// the plugin's description names every goal too (it named 9 of the 13)
def description = log.substring(log.indexOf('Thin Maven goals'), log.indexOf('This plugin has'))
for (goal in goals - ['help']) {
    assert description.contains(goal) : goal
}
assert log.contains('This plugin has 14 goals')
assert !log.contains('s3cret-Test-Pw')
return true
