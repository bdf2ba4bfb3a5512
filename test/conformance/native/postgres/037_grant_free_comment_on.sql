CREATE TABLE cm (id int);
COMMENT ON TABLE cm IS 'with ''quotes'' and ; semicolons';
CREATE FUNCTION cmf() RETURNS int LANGUAGE sql AS 'SELECT 1';
COMMENT ON FUNCTION cmf() IS $$dollar; comment$$;
