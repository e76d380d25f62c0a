import dev.dbmigrate.sql.SqlScript
import dev.dbmigrate.testing.ItDatabase

def log = new File(basedir, 'build.log').text
def folder = new File(basedir, 'src/main/resources/db/migration')
def created = folder.list().findAll { !it.endsWith('1__create_orders.sql') }.sort()
assert created.size() == 2 : created
def v = created.find { it.startsWith('V') }
def u = created.find { it.startsWith('U') }
assert v ==~ /V\d{14}__add_shipping_note_drop_table_orders_drop_table_orders\.sql/ : v
assert u == 'U' + v.substring(1)
for (name in [v, u]) {
    def text = new File(folder, name).getText('UTF-8')
    // every line a comment, whatever a parser takes for a line end; no statement for the project's parser
    for (line in text.split('[\\n\\r\\u000B\\u000C\\u0085\\u2028\\u2029]', -1)) {
        assert line.isBlank() || line.startsWith('--') : "live line in ${name}: <${line}>"
    }
    assert SqlScript.parse(text).isEmpty() : text
    // the folded message, inside comment lines (wrapped where a line would pass 100 characters)
    assert text.replace('\n-- ', ' ').contains('Add shipping note DROP TABLE orders; -- */ DROP TABLE orders; /*') : text
    assert text.contains('-- migrate:template')
}
assert new File(folder, v).getText('UTF-8').startsWith('-- Add shipping note DROP TABLE orders; -- */ DROP TABLE orders; /*\n')
assert log.contains('upgrade refused: ' + v + ' is still the unedited template migrate:create wrote')
assert log.contains('write the migration\'s SQL into ')
assert log.contains('nothing was changed')
assert log.contains('migrate.message holds the invisible formatting character U+202E at character 10, which cannot be written safely into a migration; nothing was written')
// the table the message names is there with its row; only V1 is recorded
assert ItDatabase.number(basedir, 'select count(*) from orders') == 1
assert ItDatabase.appliedVersions(basedir) == ['1']
assert !log.contains('s3cret-Test-Pw')
return true
