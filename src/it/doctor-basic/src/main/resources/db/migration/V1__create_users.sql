create table users (id bigint primary key, name text);
