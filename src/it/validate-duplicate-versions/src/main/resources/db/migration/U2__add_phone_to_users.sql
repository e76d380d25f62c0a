alter table users drop column phone;
