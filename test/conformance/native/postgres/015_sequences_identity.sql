CREATE SEQUENCE seq_a START 100 INCREMENT 5;
CREATE TABLE ident (id int GENERATED ALWAYS AS IDENTITY, v text);
CREATE TABLE ser (id serial PRIMARY KEY, n int DEFAULT nextval('seq_a'));
INSERT INTO ident (v) VALUES ('a'), ('b');
INSERT INTO ser DEFAULT VALUES;
SELECT setval('seq_a', 500);
