CREATE FUNCTION ov(a int) RETURNS text LANGUAGE sql AS $$ SELECT 'int ' || a $$;
CREATE FUNCTION ov(a text) RETURNS text LANGUAGE sql AS $$ SELECT 'text ' || a $$;
CREATE FUNCTION dflt(a int, b int DEFAULT 10, c text = 'c;') RETURNS text LANGUAGE sql AS $$ SELECT a + b || c $$;
CREATE TABLE ov_t (v text);
INSERT INTO ov_t VALUES (ov(1)), (ov('x')), (dflt(1)), (dflt(1, c => '!')), (dflt(b := 2, a := 3));
