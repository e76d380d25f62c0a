-- forgets: alter table users alter column name drop not null
select 1;
