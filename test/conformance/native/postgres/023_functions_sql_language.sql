CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION concat_semi(text, text) RETURNS text LANGUAGE sql AS $$ SELECT $1 || ';' || $2 $$;
CREATE TABLE r (v text);
INSERT INTO r VALUES (add(1, 2)::text), (concat_semi('a', 'b'));
