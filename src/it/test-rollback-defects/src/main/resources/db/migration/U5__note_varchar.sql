alter table users drop column note;
alter table users add column note text;
