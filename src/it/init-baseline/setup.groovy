import dev.dbmigrate.testing.ItDatabase

ItDatabase.execute(basedir, "create table users (id bigint primary key, email text not null); insert into users values (1, 'a@example.com')")
return true
