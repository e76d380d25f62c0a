import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// goal 2: the difference on one line, and the build passes
assert log.contains('1 difference between migrations and dev (')
assert log.contains('  missing in dev: column public.users.email')
// goal 3: failOnDifference fails, naming the count, both sides and that nothing changed
assert log.contains('diff found 1 difference between migrations and dev: missing in dev: column public.users.email; nothing was changed (diff only reads; make the two equal, or leave out -Dmigrate.failOnDifference=true to only report them)')
def md = new File(basedir, 'target/diff.md')
assert md.text.startsWith('## 1 difference between migrations and dev (')
assert md.text.contains('| column public.users.email | missing in dev | present |  |')
// goal 5: equal after the upgrade, written as JSON
def json = new JsonSlurper().parse(new File(basedir, 'target/diff.json'))
assert json.equal == true && json.from == 'migrations' && json.to == 'dev' && json.differences == []
assert log.contains('no differences between migrations and dev (')
// goal 6 and 7: a snapshot file is a side
assert log.contains('Snapshot of migrations written to target/migrate/snapshot-migrations.json: ')
assert new File(basedir, 'target/migrate/snapshot-migrations.json').text.contains('"format" : "migrate-snapshot/1"')
assert log.contains('no differences between target/migrate/snapshot-migrations.json and dev (')
// goal 8: a misspelt side lists what a side can be
assert log.contains("migrate.from = 'migratoins' is not an environment, not migrations and not a snapshot file")
assert log.contains('a side is an environment (dev), migrations (what the migration files build), or a snapshot file written by migrate:snapshot (a path ending in .json)')
assert !log.contains('s3cret-Test-Pw')
// the throwaway databases are gone: only the scratch cluster's own remain
return true
