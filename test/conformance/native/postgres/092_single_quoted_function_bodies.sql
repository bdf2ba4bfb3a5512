CREATE FUNCTION sqf_a() RETURNS text LANGUAGE sql AS 'SELECT ''a;b''';
CREATE FUNCTION sqf_b() RETURNS text LANGUAGE plpgsql AS '
BEGIN
  RETURN ''multi; line'';
END
';
CREATE FUNCTION sqf_c() RETURNS text LANGUAGE sql AS E'SELECT \'esc;aped\'';
CREATE TABLE sqf AS SELECT sqf_a() AS a, sqf_b() AS b, sqf_c() AS c;
