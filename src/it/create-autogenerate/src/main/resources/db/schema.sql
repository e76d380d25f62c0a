-- the desired schema: the tables as they should be after the next migration
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    name text
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE user_preferences (
    user_id bigint PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    theme text NOT NULL DEFAULT 'light'
);
