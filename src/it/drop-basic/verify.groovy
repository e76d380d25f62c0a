import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade finished: 2 migrations applied')
assert log.contains('Dropped table public.users')
assert log.contains('Dropped view public.user_emails')
assert log.contains('Dropped sequence public.invoice_numbers')
assert log.contains('Dropped table public.flyway_schema_history')
assert log.contains('objects dropped from database it_drop_basic')
assert ItDatabase.number(basedir, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'") == 0
assert !log.contains('s3cret-Test-Pw')
return true
