def log = new File(basedir, 'build.log').text
def folder = new File(basedir, 'src/main/resources/db/migration')
def names = folder.list().sort()
assert names == ['U1__create_users.sql', 'U2__add_user_preferences_table.sql', 'U3__index_users_email_idx.sql',
                 'V1__create_users.sql', 'V2__add_user_preferences_table.sql', 'V3__index_users_email_idx.sql'] : names
def main = new File(folder, 'V2__add_user_preferences_table.sql').text
assert main.startsWith('-- Add user preferences table\n')
assert main.contains('--   - create table public.user_preferences')
assert main.contains('CREATE TABLE public.user_preferences')
// the dropped column is held back, commented out behind the seed's rule
assert main.contains('-- ALTER TABLE public.users DROP COLUMN legacy_flag;')
def words = main.replaceAll(/\n--\s+/, ' ')
assert words.contains('never drop columns without data migration')
assert words.contains('the 2 rows of 1 table with rows survived both ways')
def index = new File(folder, 'V3__index_users_email_idx.sql').text
assert index.contains('CREATE INDEX CONCURRENTLY users_email_idx ON public.users USING btree (email);')
assert new File(folder, 'U3__index_users_email_idx.sql').text.contains('DROP INDEX CONCURRENTLY public.users_email_idx;')
assert log.contains('Created src/main/resources/db/migration/V2__add_user_preferences_table.sql')
assert log.contains('held back, written commented out')
assert log.contains('3 of 3 round trips exact')
assert log.contains('Nothing to change but what is held back as destructive: drop column public.users.legacy_flag; nothing was written')
return true
