CREATE FUNCTION f1() RETURNS text LANGUAGE sql AS $fn$ SELECT 'x;y' $fn$;
CREATE FUNCTION f2() RETURNS text LANGUAGE sql AS $_$ SELECT $q$ a $$ b $q$ $_$;
CREATE TABLE d (v text);
INSERT INTO d VALUES (f1()), (f2()), ($$ dollar; string $$), ($tag$it's$tag$);
