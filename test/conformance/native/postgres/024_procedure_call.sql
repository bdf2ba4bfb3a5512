CREATE TABLE log (msg text);
CREATE PROCEDURE write_log(m text) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log VALUES (m);
END
$$;
CALL write_log('hello; world');
