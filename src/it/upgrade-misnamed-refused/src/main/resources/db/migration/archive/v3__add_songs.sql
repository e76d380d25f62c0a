create table songs (id bigint primary key);
