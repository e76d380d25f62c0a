alter table users add column name text;
insert into users (id, email, name) values (3, 'bot@example.org', 'bot');
