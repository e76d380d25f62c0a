def log = new File(basedir, 'build.log').text
def dir = 'src/main/resources/db/migration/'
// the text report: one line per finding with its rule, file and alternative, then the summary
assert log.contains("[INFO] ${dir}V2__add_name_to_users.sql error missing-undo: V2__add_name_to_users.sql has no undo script U2__add_name_to_users.sql")
assert log.contains('[INFO]     instead: write U<version>__<slug>.sql beside it, undoing exactly what it does')
assert log.contains("[INFO] ${dir}V3_add_email_to_users.sql error naming: V3_add_email_to_users.sql")
// a statement rule: the project's profile sets no lockTimeout, so the ALTER TABLE on an existing table is a warning
assert log.contains("[INFO] ${dir}V2__add_name_to_users.sql:1 warning lock-timeout-missing: V2__add_name_to_users.sql line 1: alter table users add column name text takes an ACCESS EXCLUSIVE lock on the existing table users with no lock_timeout in force")
assert log.contains('[INFO] lint of every migration: 2 errors, 1 warning, 0 silenced; 3 migration files checked, 3 in scope (fails on error: failed)')
// the failure names the counts, the findings and the fixes
assert log.contains('lint found 2 errors in every migration (-Dmigrate.lint.failOn=error fails on them): ')
assert log.contains('nothing was changed in any database (lint only reads the migration files). Correct the migrations, or silence a finding in its file with -- migrate:allow <rule-id> because <reason>')
// SARIF 2.1.0, a result per finding at its file
assert log.contains('lint report (sarif) written to ')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/lint.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs.size() == 1
assert sarif.runs[0].tool.driver.name == 'migrate lint'
assert sarif.runs[0].tool.driver.rules.collect { it.id }.containsAll(['naming', 'missing-undo'])
def results = sarif.runs[0].results
assert results.collect { it.ruleId } == ['missing-undo', 'lock-timeout-missing', 'naming']
assert results.collect { it.level } == ['error', 'warning', 'error']
assert results[1].locations[0].physicalLocation.region.startLine == 1
assert results[0].locations[0].physicalLocation.artifactLocation.uri == dir + 'V2__add_name_to_users.sql'
assert results[2].locations[0].physicalLocation.artifactLocation.uri == dir + 'V3_add_email_to_users.sql'
// failOn=never: the build passes, the JUnit report has every file, none failed
assert log.contains('[INFO] lint of every migration: 2 errors, 1 warning, 0 silenced; 3 migration files checked, 3 in scope (fails on never: passed)')
def junit = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lint.xml'))
assert junit.@name == 'migrate-lint'
assert junit.@tests == '4'
assert junit.@failures == '0'
assert junit.testcase.collect { it.@name.text() }.contains(dir + 'V3_add_email_to_users.sql')
// nothing was started: no database, no embedded server
assert !new File(basedir, 'target/migrate/embedded').exists()
return true
