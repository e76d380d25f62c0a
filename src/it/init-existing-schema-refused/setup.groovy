import dev.dbmigrate.testing.ItDatabase

ItDatabase.execute(basedir, "create table legacy_users (id int primary key); insert into legacy_users values (1), (2)")
return true
