do $$
begin
    if current_setting('server_version_num')::int / 10000 <> 16 then
        raise exception 'expected PostgreSQL 16, found %', current_setting('server_version');
    end if;
end
$$;
create table users (id bigint primary key, name text not null);
