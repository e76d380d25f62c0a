insert into users (id, name, note) values (1, 'ann', 'keep me'), (2, 'bob', null);
