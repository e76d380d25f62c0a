create index concurrently tabs_song_id_idx on tabs (song_id);
