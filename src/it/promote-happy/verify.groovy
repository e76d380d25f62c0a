import dev.dbmigrate.testing.ItDatabase
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[preflight] passed in ')
// the drift check runs first, on both environments: prod is protected (drift: fail), staging is not (warn)
assert log.contains('[drift check] passed in ')
// the doctor runs on both environments before anything changes
assert log.contains('[doctor] passed in ')
assert log.contains('staging: 8 of 8 checks passed; prod: 8 of 8 checks passed')
assert log.contains('staging: no drift; prod: no drift')
assert log.contains('[backup staging] passed in ')
assert log.contains('[verify prod] passed in ')
assert log.contains('promoted staging -> prod: prod went from version <none> to 2 (2 migrations applied and verified); staging at version 2')
assert log.contains('nothing to promote: staging and prod are both at version 2 with nothing pending')
assert log.count('BUILD SUCCESS') == 2
assert ItDatabase.appliedVersions(basedir, 'staging') == ['1', '2']
assert ItDatabase.appliedVersions(basedir, 'prod') == ['1', '2']
assert ItDatabase.number(basedir, 'prod', 'select count(*) from users') == 3
assert ItDatabase.number(basedir, 'prod', "select count(*) from migrate_audit where command = 'promote'") >= 1
assert new File(basedir, 'backups/staging').list().any { it ==~ /staging-\d{8}-\d{6}-v0/ }
assert new File(basedir, 'backups/prod').list().any { it ==~ /prod-\d{8}-\d{6}-v0/ }

def dir = new File(basedir, 'target/migrate')
def jsons = dir.listFiles().findAll { it.name ==~ /promote-\d{8}-\d{6}-staging-prod-[0-9a-f]{8}\.json/ }
assert jsons.size() == 2 : dir.list()
def parsed = jsons.collect { new JsonSlurper().parse(it) }
def promoted = jsons.find { it.text.contains('"outcome": "promoted"') }
assert promoted != null
assert jsons.find { it.text.contains('"outcome": "nothing-to-do"') } != null
def report = new JsonSlurper().parse(promoted)
assert report.applied == 2 && report.toVersion == '2' && report.fromVersion == null
// lint of prod's pending migrations, traced (the profiles rehearse), and prod's plan written beside the reports
def lintStep = report.steps.find { it.name == 'lint' }
assert lintStep.detail.startsWith('4 migration files pending on prod: 0 errors, 0 warnings, 0 silenced; traced: ')
def planFile = new File(basedir, lintStep.detail.replaceAll(/.*plan in /, ''))
assert planFile.isFile()
assert planFile.text.contains('-- measured in a throwaway database, with the profile')
assert planFile.text.contains('insert into "public"."flyway_schema_history"')
assert report.steps*.name == ['drift check', 'preflight', 'doctor', 'lint', 'rehearse', 'backup staging', 'upgrade staging', 'verify staging', 'backup prod', 'upgrade prod', 'verify prod']
assert report.steps.every { it.status == 'passed' }
def base = promoted.name - '.json'
def md = new File(dir, base + '.md')
def xml = new File(dir, base + '.xml')
assert md.text.contains('migrate promote staging → prod: promoted')
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).documentElement
assert suite.getAttribute('tests') == '11' && suite.getAttribute('failures') == '0'
def testcases = suite.getElementsByTagName('testcase')
assert testcases.length == 11
assert (0..<testcases.length).collect { testcases.item(it).getAttribute('name') } == report.steps*.name

def output = new File(basedir, 'target/github-output.txt').text
assert output.contains('outcome=promoted\n')
assert output.contains('applied=2\n')
assert output.contains('to_version=2\n')
assert output.contains('outcome=nothing-to-do\n')
def summary = new File(basedir, 'target/github-summary.md').text
assert summary.contains('migrate promote staging → prod: promoted')
assert !output.contains('s3cret-Test-Pw') && !summary.contains('s3cret-Test-Pw')
assert !log.contains('s3cret-Test-Pw')
// the reports: files (the scratch server's cluster of the drift check is a folder here)
def reports = new File(basedir, 'target/migrate').listFiles().findAll { it.isFile() }
assert reports.size() >= 3
reports.each { assert !it.text.contains('s3cret-Test-Pw') : it.name }
return true
