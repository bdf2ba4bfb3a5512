CREATE TABLE crlf (v text);
INSERT INTO crlf VALUES ('a');
CREATE FUNCTION cf() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 1;
END
$$;
