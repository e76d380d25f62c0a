-- Schema B of the comparison (docs/comparison.md): a.sql with one or two changes of every kind the snapshot models,
-- each marked `-- B:` and listed in expected.md. Loads into an empty database of PostgreSQL 15 or later. Needs the
-- role `reporting` (bench/compare/liquibase.sh creates it).

-- B: a new schema, with a table in it
create schema audit;
create table audit.log (id bigint primary key, at timestamptz not null default now(), what text);
-- B: a new extension
create extension pg_trgm schema public;

-- B: enum value 'cancelled' added
create type public.order_status as enum ('new', 'paid', 'shipped', 'cancelled');
-- B: the domain's check
create domain public.email_address as text check (value ~ '^[^@]+@[^@]+$');
-- B: the composite type has one more attribute
create type public.address as (street text, city text, country text);

create table public.users (
  id bigint generated always as identity primary key,
  email character varying(200) not null,          -- B: type varchar(100) -> varchar(200)
  name text not null,                              -- B: NOT NULL
  nick text collate "POSIX",                       -- B: collation
  code text,
  active boolean not null default true,
  home public.address,
  phone text                                       -- B: a new column
);
comment on table public.users is 'People who place orders and receive invoices';   -- B: comment changed
comment on column public.users.nick is 'Shown instead of the name';                -- B: comment added
create index users_lower_email_idx on public.users (upper(email));                 -- B: index expression
create index users_nick_idx on public.users using hash (nick);                     -- B: index method
create unique index users_code_key on public.users (code) nulls not distinct;      -- B: NULLS NOT DISTINCT
alter table public.users add constraint users_email_check check (email like '%@%') not valid;  -- B: NOT VALID

create table public.orders (
  id bigint generated always as identity primary key,                  -- B: identity BY DEFAULT -> ALWAYS
  user_id bigint not null,
  status public.order_status not null default 'paid',                   -- B: default
  total numeric(12, 2) not null,
  total_with_tax numeric generated always as (total * 1.25) stored,     -- B: generated expression
  constraint orders_total_check check (total > 0),                      -- B: check expression
  constraint orders_user_fk foreign key (user_id) references public.users (id) on delete restrict  -- B: FK action
);
create index orders_open_idx on public.orders (status) where status = 'new';       -- B: index predicate
create index orders_user_idx on public.orders (user_id) include (total, status);   -- B: index INCLUDE

create table public.order_items (
  order_id bigint not null,
  line integer not null,
  sku text not null,
  contact public.email_address,
  primary key (order_id, line),
  constraint order_items_order_fk foreign key (order_id) references public.orders (id)
    deferrable initially deferred,                                                 -- B: DEFERRABLE
  constraint order_items_sku_check check (sku <> '')
);

create sequence public.invoice_seq increment by 10;                                -- B: sequence increment

create view public.active_users as
  select id, email, name from public.users where active and name <> '';           -- B: view definition

create materialized view public.order_totals as
  select user_id, sum(total) as total, count(*) as orders                         -- B: materialized view definition
  from public.orders group by user_id;

create function public.order_total(p_order bigint) returns numeric
  language sql stable
  as $$ select total_with_tax from public.orders where id = p_order $$;           -- B: function body

-- B: a new procedure
create procedure public.close_order(p_order bigint)
  language sql
  as $$ update public.orders set status = 'shipped' where id = p_order $$;

create function public.audit_users() returns trigger
  language plpgsql
  as $$ begin return new; end $$;
create trigger users_audit after update on public.users for each row execute function public.audit_users();
alter table public.users disable trigger users_audit;                               -- B: trigger disabled

create function public.touch_orders() returns trigger
  language plpgsql
  as $$ begin return new; end $$;
-- B: a new trigger
create trigger orders_touch before update on public.orders for each row execute function public.touch_orders();

create table public.documents (
  id bigint primary key,
  owner name not null default current_user,
  is_public boolean not null default false,
  body text
);
alter table public.documents enable row level security;
alter table public.documents force row level security;                              -- B: RLS forced
create policy owner_only on public.documents using (owner = current_user or is_public);  -- B: policy USING

create table public.notes (id bigint primary key, body text);
alter table public.notes enable row level security;                                 -- B: RLS enabled

create table public.events (
  id bigint not null,
  created_at date not null,
  payload text
) partition by range (created_at);
create table public.events_2025 partition of public.events for values from ('2025-01-01') to ('2026-01-01');
-- B: a new partition
create table public.events_2026 partition of public.events for values from ('2026-01-01') to ('2027-01-01');

create unlogged table public.cache (key text primary key, value text);             -- B: unlogged

-- B: table public.legacy dropped

grant select on public.users to reporting;
grant select, insert on public.orders to reporting;                                -- B: a grant
