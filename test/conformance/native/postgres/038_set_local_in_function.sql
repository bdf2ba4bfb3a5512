CREATE FUNCTION stable_now() RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN 'ok'; END $$;
CREATE TABLE snf (v text);
INSERT INTO snf VALUES (stable_now());
