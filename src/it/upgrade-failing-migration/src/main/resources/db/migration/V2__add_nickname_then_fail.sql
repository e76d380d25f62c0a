-- a good statement, then a bad one
alter table users add column nickname text;

-- no such table
insert into no_such_table values (1);
