delete from users where id = 3;
alter table users drop column name;
