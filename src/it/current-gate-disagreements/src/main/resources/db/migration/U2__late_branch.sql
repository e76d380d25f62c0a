drop table tabs;
