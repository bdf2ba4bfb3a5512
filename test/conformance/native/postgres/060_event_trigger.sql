CREATE TABLE et_seen (tag text);
CREATE FUNCTION et_note() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO et_seen VALUES (tg_tag);
END
$$;
CREATE EVENT TRIGGER et_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION et_note();
CREATE TABLE et_after (v int);
ALTER EVENT TRIGGER et_ddl DISABLE;
