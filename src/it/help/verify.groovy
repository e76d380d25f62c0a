import dev.dbmigrate.app.Goals
import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
// the goals of the registry the CLI's verbs are built from, and Maven's help goal
def goals = Goals.all().collect { it.name() } + ['help']
assert goals.size() == 21 : goals
for (goal in goals) {
    assert log.contains('migrate:' + goal) : goal
}
// the plugin's description names every goal too (it named 9 of the 13)
def description = log.substring(log.indexOf('Thin Maven goals'), log.indexOf('This plugin has'))
for (goal in goals - ['help']) {
    assert description.contains(goal) : goal
}
assert log.contains('This plugin has ' + goals.size() + ' goals')
// migrate:help -Ddetail=true -Dgoal=backup: the database, not the migration files
def runs = log.split('--- migrate-maven-plugin:')
assert runs.size() == 5 : runs.size()
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
// migrate:help -Ddetail=true: each goal lists exactly the parameters of its descriptor's options
def detail = runs[4]
def listed = [:]
def current = null
detail.eachLine { line ->
    def goal = line =~ /^migrate:([a-z-]+)$/
    def parameter = line =~ /^    ([A-Za-z]+)(?: \(Default: .*\))?$/
    if (goal) {
        current = goal[0][1]
        listed[current] = [] as SortedSet
    } else if (parameter && current != null) {
        listed[current] << parameter[0][1]
    }
}
for (g in Goals.all()) {
    def expected = g.options().collect { it.property().key() } as SortedSet
    assert listed[g.name()] == expected : g.name() + ': ' + listed[g.name()] + ' instead of ' + expected
}
assert listed.keySet() == goals as Set : listed.keySet()
assert !log.contains('s3cret-Test-Pw')
return true
