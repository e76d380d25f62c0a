create table users (id bigint primary key, email text not null);
insert into users values (1, 'ada@example.org'), (2, 'grace@example.org');
