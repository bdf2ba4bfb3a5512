-- CRLF file
CREATE TABLE crlf2 (v text);
/* block
   comment; */
DO $do$
BEGIN
  INSERT INTO crlf2 VALUES ('in do;');
END
$do$;
CREATE FUNCTION crlf2_f() RETURNS text LANGUAGE sql AS $fn$
  SELECT 'from fn'
$fn$;
INSERT INTO crlf2 VALUES (crlf2_f()), ('multi\r\nline');
