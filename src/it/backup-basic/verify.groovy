import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def dev = new File(basedir, 'backups/dev')
def dumps = dev.listFiles().findAll { it.name ==~ /dev-\d{8}-\d{6}-v2\.dump/ }
assert dumps.size() == 1 : dev.list()
def dump = dumps[0]
assert dump.isFile() && dump.length() > 0
def sha = new File(dev, dump.name + '.sha256')
assert sha.isFile()
def digest = java.security.MessageDigest.getInstance('SHA-256').digest(dump.bytes).encodeHex().toString()
assert sha.text.trim() == digest + '  ' + dump.name
assert log.contains('Backup ' + dump.name + ' written to ' + dev.canonicalPath + ' (')
assert log.contains(', custom format, compression 9) in ')
assert !dev.listFiles().any { it.name.startsWith('.') } : 'no partial or probe file is left'

def dirBackups = new File(basedir, 'backups/dirformat')
def dirs = dirBackups.listFiles().findAll { it.name ==~ /dirformat-\d{8}-\d{6}-v2/ }
assert dirs.size() == 1 : dirBackups.list()
assert dirs[0].isDirectory()
assert new File(dirs[0], 'toc.dat').isFile()
assert new File(dirBackups, dirs[0].name + '.sha256').isFile()
assert log.contains('Backup ' + dirs[0].name + ' written to ' + dirBackups.canonicalPath + ' (')
assert log.contains(', directory format, 2 jobs, compression 1) in ')

// a backup only reads
assert ItDatabase.appliedVersions(basedir) == ['1', '2']
assert ItDatabase.number(basedir, 'select count(*) from users') == 3
assert !log.contains('s3cret-Test-Pw')
return true
