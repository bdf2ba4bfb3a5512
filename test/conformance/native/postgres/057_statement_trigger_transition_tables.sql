CREATE TABLE stt (v int);
CREATE TABLE stt_audit (n int, total int);
CREATE FUNCTION stt_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stt_audit SELECT count(*), coalesce(sum(v), 0) FROM new_rows;
  RETURN NULL;
END
$$;
CREATE TRIGGER stt_ai AFTER INSERT ON stt REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stt_count();
INSERT INTO stt VALUES (1), (2), (3);
INSERT INTO stt SELECT g FROM generate_series(10, 12) g;
