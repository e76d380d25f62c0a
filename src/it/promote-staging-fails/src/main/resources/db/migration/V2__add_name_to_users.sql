alter table users add column name text;
insert into no_such_table values (1);
