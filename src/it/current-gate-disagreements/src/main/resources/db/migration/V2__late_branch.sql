create table tabs (id bigint primary key);
