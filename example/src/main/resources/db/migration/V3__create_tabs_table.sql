-- Tablature: one song can have many tabs by different users.
create table tabs (
    id         bigint generated always as identity primary key,
    song_id    bigint not null references songs (id),
    author_id  bigint not null references users (id),
    tuning     text   not null default 'EADGBE',
    body       text   not null,
    created_at timestamptz not null default now()
);
