-- What roundtrip.sql's schema has on PostgreSQL 15 and later (SnapshotSqlRoundTripTest applies it there).
alter table app."Order" add constraint order_invoice_unique unique nulls not distinct (invoice_no);
create unique index customers_code_idx on app.customers (code) include (created_at) nulls not distinct
    where code <> '';
