CREATE TABLE ix (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
CREATE UNIQUE INDEX ix_email ON ix (lower(email));
CREATE INDEX ix_partial ON ix (name) WHERE email IS NOT NULL;
