alter table users alter column name set not null;
