drop index concurrently tabs_song_id_idx;
