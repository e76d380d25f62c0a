import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def lines = log.readLines()
assert lines.any { it ==~ /\[INFO\] Version\s+\| Description\s+\| State\s+\| Installed on\s+\| Installed by\s+\| Duration\s+\| Undo/ }
assert lines.any { it ==~ /\[INFO\] 1\s+\| create users table\s+\| Success\s+\| .*\| postgres\s+\| \d+ ms\s+\| yes/ }
assert lines.any { it ==~ /\[INFO\] 3\s+\| add users email index\s+\| Undone \(.*\), pending\s+\|.*\| yes/ }
assert log.contains('3 migrations, 4 audit entries')
assert log.contains('History of 3 migrations written to ')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/history.json'))
assert json.migrations.collect { it.version } == ['1', '2', '3']
assert json.migrations[0].state == 'Success'
assert json.migrations[0].installedBy == 'postgres'
assert json.migrations[0].undoScript == 'U1__create_users_table.sql'
assert json.migrations[2].state.startsWith('Undone (')
assert json.migrations[2].script == 'V3__add_users_email_index.sql'
assert json.audit.collect { it.command + ':' + it.version + ':' + it.outcome } == ['upgrade:1:success', 'upgrade:2:success', 'upgrade:3:success', 'downgrade:3:success']
def md = new File(basedir, 'target/history.md').text
assert md.startsWith('## Migration history\n\n| Version | Description | State | Installed on | Installed by | Duration | Undo |\n')
assert md.contains('| 2 | add name to users | Success | ')
assert md =~ /\| 3 \| add users email index \| Undone \([^)]*\), pending \|/
assert md.contains('## Audit')
assert md =~ /\| downgrade \| 3 \| U3__add_users_email_index.sql \| success \|/
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
