import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('drift on prod: 2 differences between prod and what its applied migrations (up to version 2) build')
assert log.contains('  column public.users.name: type character varying(100) (migrations) vs character varying(200) (prod)')
assert log.contains('  only in prod: column public.users.nickname')
assert log.contains('drift on environment prod: 2 differences between prod and what its applied migrations (up to version 2) build: column public.users.name: type character varying(100) (migrations) vs character varying(200) (prod); only in prod: column public.users.nickname; nothing was changed (for each change that should stay, write a migration that makes it, with migrate:create; revert any other by hand on prod; then run migrate:check -Dmigrate.env=prod again)')
assert log.contains('BUILD FAILURE')
// V3 is pending on prod, not drift: it is not built
assert !log.contains('phone')
def md = new File(basedir, 'target/drift.md').text
assert md.startsWith('## drift on prod: 2 differences')
assert md.contains('| column public.users.name | type | character varying(100) | character varying(200) |')
// check only reads
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert !log.contains('s3cret-Test-Pw')
return true
