CREATE TABLE t (id int PRIMARY KEY, body text);
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'a;b'; END $$;
CREATE FUNCTION g() RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
  RETURN $x$ nested; $$ $x$;
END
$body$;
INSERT INTO t VALUES (1, f()), (2, g());
