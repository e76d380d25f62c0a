create table songs (id bigint primary key, title text not null);
insert into songs values (1, 'Blackbird');
update users set email = upper(email);
