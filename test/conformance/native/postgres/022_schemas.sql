CREATE SCHEMA app;
CREATE TABLE app.users (id int PRIMARY KEY, email text);
CREATE VIEW app.user_emails AS SELECT email FROM app.users;
INSERT INTO app.users VALUES (1, 'a@b');
