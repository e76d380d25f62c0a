import dev.dbmigrate.config.SettingsResolver
import dev.dbmigrate.app.MigrateCommands
import dev.dbmigrate.events.MigrateListener
import dev.dbmigrate.testing.ItDatabase

// prod at version 2 (V3 is pending: not drift), then changed by hand outside the migrations
def environment = ItDatabase.environment(basedir)
def target = new File(basedir, 'target')
target.mkdirs()
def settings = SettingsResolver.resolve([env: 'prod', target: '2'], environment, basedir.toPath(), target.toPath())
MigrateCommands.upgrade(settings, { event -> } as MigrateListener)
ItDatabase.execute(basedir, 'alter table users alter column name type varchar(200); alter table users add column nickname text')
return true
