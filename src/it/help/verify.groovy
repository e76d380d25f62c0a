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
// migrate:help -Ddetail=true -Dgoal=backup: the database, not the migration files
def runs = log.split('--- migrate-maven-plugin:')
assert runs.size() == 4 : runs.size()
def backup = runs[2]
assert backup.contains('Available parameters')
assert backup.contains('pgBinDir')
assert backup.contains('url')
assert !backup.contains('outOfOrder')
assert !backup.contains('locations')
// migrate:help -Ddetail=true -Dgoal=promote: the environments, no connection of its own
def promote = runs[3]
assert promote.contains('Available parameters')
assert promote.contains('from')
assert promote.contains('locations')
assert !(promote =~ /(?m)^\s+url\b/)
assert !(promote =~ /(?m)^\s+password\b/)
assert !log.contains('s3cret-Test-Pw')
return true
