-- Indexes go in a migration of their own, built without blocking writes.
-- CREATE INDEX CONCURRENTLY cannot run in a transaction: migrate runs this file outside one.
create index concurrently tabs_song_id_idx on tabs (song_id);
