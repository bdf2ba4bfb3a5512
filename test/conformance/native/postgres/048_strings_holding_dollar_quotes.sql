CREATE TABLE shd (v text);
INSERT INTO shd VALUES ('$$'), ('$tag$ not; a quote'), (E'\$\$'), ('$1');
CREATE FUNCTION shd_f() RETURNS text LANGUAGE sql AS 'SELECT ''$$;$$''';
INSERT INTO shd VALUES (shd_f());
