import dev.dbmigrate.config.SettingsResolver
import dev.dbmigrate.app.MigrateCommands
import dev.dbmigrate.events.MigrateListener
import dev.dbmigrate.testing.ItDatabase

// both environments at version 1; prod also has a row staging does not
def environment = ItDatabase.environment(basedir)
def target = new File(basedir, 'target')
target.mkdirs()
['staging', 'prod'].each { name ->
    def settings = SettingsResolver.resolve([env: name, target: '1'], environment, basedir.toPath(), target.toPath())
    MigrateCommands.upgrade(settings, { event -> } as MigrateListener)
}
ItDatabase.execute(basedir, 'prod', "insert into users values (10, 'only-in-prod@example.org')")
new File(target, 'prod-before.txt').text = ItDatabase.snapshot(basedir, 'prod')
new File(target, 'staging-before.txt').text = ItDatabase.snapshot(basedir, 'staging')
return true
