INSERT INTO users VALUES (1, 'a@example.com', true), (2, 'b@example.com', null);
