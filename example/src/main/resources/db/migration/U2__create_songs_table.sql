drop table songs;
