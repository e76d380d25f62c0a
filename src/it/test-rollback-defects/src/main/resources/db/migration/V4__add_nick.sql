alter table users add column nick text;
