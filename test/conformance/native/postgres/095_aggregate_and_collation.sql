CREATE FUNCTION concat_semi(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN acc = '' THEN v ELSE acc || ';' || v END $$;
CREATE AGGREGATE semi_agg (text) (SFUNC = concat_semi, STYPE = text, INITCOND = '');
CREATE COLLATION my_c FROM "C";
CREATE TABLE agc (v text COLLATE my_c);
INSERT INTO agc VALUES ('b'), ('a'), ('B');
CREATE TABLE agc_r AS SELECT semi_agg(v ORDER BY v) AS joined FROM agc;
