CREATE TABLE dlc (v text);
DO LANGUAGE plpgsql $body$
DECLARE
  word text;
BEGIN
  FOREACH word IN ARRAY ARRAY['a;b', 'c', 'd$$e'] LOOP
    INSERT INTO dlc VALUES (word);
  END LOOP;
END
$body$;
DO $$ BEGIN INSERT INTO dlc VALUES ('second'); END $$ LANGUAGE plpgsql;
