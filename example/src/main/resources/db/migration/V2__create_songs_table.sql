-- Songs that tabs are written for.
create table songs (
    id      bigint generated always as identity primary key,
    title   text not null,
    artist  text not null,
    added_by bigint references users (id)
);
