import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 2 migrations applied')
def backup = (log =~ /Backup (dev-\d{8}-\d{6}-v2) written to /)
assert backup.find()
assert log.indexOf(backup.group(0)) < log.indexOf('Dropped ')
assert new File(basedir, 'backups/dev').list().findAll { !it.endsWith('.sha256') } == [backup.group(1)]
assert new File(basedir, 'backups/.gitignore').readLines().contains('*')
assert log.contains('Dropped table public.users')
assert log.contains('Dropped view public.user_emails')
assert log.contains('Dropped sequence public.invoice_numbers')
assert log.contains('Dropped table public.flyway_schema_history')
assert log.contains('objects dropped from database it_drop_basic; the audit table public.migrate_audit was kept and records the drop')
assert ItDatabase.column(basedir, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'v', 'S') order by 1") == ['migrate_audit', 'migrate_audit_id_seq']
assert ItDatabase.column(basedir, "select message from migrate_audit where command = 'drop'") == ["backup ${backup.group(1)} taken first".toString()]
assert !log.contains('s3cret-Test-Pw')
return true
