alter table users drop column email;
