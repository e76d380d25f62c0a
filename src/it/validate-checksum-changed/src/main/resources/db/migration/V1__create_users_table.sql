-- edited after it was applied
create table users (id bigint primary key, email text not null);
