-- migrate:up
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(320) NOT NULL,
  full_name VARCHAR(200) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX users_email_key ON users (email);

-- migrate:down
DROP INDEX users_email_key;
DROP TABLE users;
