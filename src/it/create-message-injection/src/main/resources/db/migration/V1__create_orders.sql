create table orders (id bigint primary key, item text not null);
insert into orders values (1, 'guitar strings');
