-- What roundtrip.sql's schema has on PostgreSQL 15 and later (SnapshotSqlRoundTripTest applies it there).
alter table app."Order" add constraint order_invoice_unique unique nulls not distinct (invoice_no);
create unique index customers_code_idx on app.customers (code) include (created_at) nulls not distinct
    where code <> '';
-- a function with an SQL-standard body (14) naming a view, used by another view; a security_invoker view (15)
create function app.open_total() returns numeric language sql stable
    return (select coalesce(sum(total), 0) from app.open_orders);
create view app.open_summary with (security_invoker = true) as select app.open_total() as total;
