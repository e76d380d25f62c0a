alter table users alter column note type varchar(500);
