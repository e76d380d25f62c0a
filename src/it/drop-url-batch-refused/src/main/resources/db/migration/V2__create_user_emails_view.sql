create view user_emails as select email from users;
create sequence invoice_numbers;
