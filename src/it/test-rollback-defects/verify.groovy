def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] V1__create_users.sql: ok')
assert log.contains('[INFO] V2__name_not_null.sql: undo leaves differences')
assert log.contains('[INFO]     column public.users.name: notNull (not set) (before) vs true (after undo)')
assert log.contains('[INFO] V3__create_audit.sql: undo failed')
assert log =~ /\[INFO\]     undo failed: .*U3__create_audit\.sql.*audit_log/
assert log.contains('[INFO] V4__add_nick.sql: missing undo')
assert log.contains('[INFO]     no undo script: write U4__add_nick.sql next to V4__add_nick.sql')
assert log.contains('[INFO] V5__note_varchar.sql: undo changes data')
assert log.contains('[INFO]     data of table public.users: 2 rows (before) vs 2 rows with other values (after undo)')
assert log.contains('[INFO] V6__create_songs.sql: ok')
assert log.contains('test-rollback: 4 of 6 migrations failed the round trip (apply, undo, apply again): V2__name_not_null.sql (undo leaves differences), V3__create_audit.sql (undo failed), V4__add_nick.sql (missing undo), V5__note_varchar.sql (undo changes data); nothing was changed on any real database')
assert log.contains('BUILD FAILURE')
def xml = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/test-rollback.xml'))
assert xml.@tests == '6'
assert xml.@failures == '4'
assert xml.testcase.collect { it.@name.text() } == ['V1__create_users.sql', 'V2__name_not_null.sql', 'V3__create_audit.sql', 'V4__add_nick.sql', 'V5__note_varchar.sql', 'V6__create_songs.sql']
assert xml.testcase[1].failure.text() == 'column public.users.name: notNull (not set) (before) vs true (after undo)'
assert xml.testcase[0].failure.size() == 0
// nothing real: no embedded database of the project was made, only the scratch server's
assert !new File(basedir, 'target/migrate/embedded/data').exists()
return true
