-- What roundtrip.sql's schema has on PostgreSQL 18 and later (SnapshotSqlRoundTripTest applies it there).
alter table app.order_lines add column line_label text generated always as ('line ' || line_no) virtual;
