CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE DOMAIN short_text AS varchar(10) DEFAULT 'n/a;' NOT NULL;
CREATE TABLE dm (e email, s short_text);
INSERT INTO dm (e) VALUES ('a@b');
ALTER DOMAIN email ADD CONSTRAINT email_no_space CHECK (VALUE NOT LIKE '% %');
ALTER DOMAIN short_text SET DEFAULT 'none';
INSERT INTO dm (e) VALUES ('c@d');
