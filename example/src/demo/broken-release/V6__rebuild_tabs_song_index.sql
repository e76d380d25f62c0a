-- A release with a bug, for the rollback demonstration: it means to rebuild the index on tabs.song_id but only
-- drops it. Staging's verification "tabs are indexed by song" catches it, staging is rolled back with U6, and
-- production is never touched.
drop index concurrently tabs_song_id_idx;
