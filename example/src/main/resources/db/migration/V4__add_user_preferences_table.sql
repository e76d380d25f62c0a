-- The seed document's example: python scripts/migrate.py create "Add user preferences table"
create table user_preferences (
    user_id        bigint primary key references users (id) on delete cascade,
    default_tuning text    not null default 'EADGBE',
    dark_mode      boolean not null default false,
    updated_at     timestamptz not null default now()
);
