alter table users add column phone text;
