create table songs (id bigint primary key, title text not null);
