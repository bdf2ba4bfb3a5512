CREATE TABLE ix (id int PRIMARY KEY, email text, body text, tags text[]);
CREATE UNIQUE INDEX ix_email ON ix (lower(email));
CREATE INDEX ix_partial ON ix (id) WHERE email IS NOT NULL;
CREATE INDEX ix_gin ON ix USING gin (tags);
CREATE INDEX ix_include ON ix (email) INCLUDE (body);
